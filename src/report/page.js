// The review page's one script: clicking a mark shows its source passage in the side panel.
// It reads only attributes the page itself wrote (numbers and fixed names) and never turns
// text into markup.
(function () {
  'use strict';
  var root = document.documentElement;
  root.classList.add('js');
  var panel = document.querySelector('aside.review-panel');
  var details = {};
  var order = [];
  document.querySelectorAll('section.detail[data-m]').forEach(function (d) {
    var id = d.getAttribute('data-m');
    details[id] = d;
    order.push(id);
  });
  var fragments = {};
  document.querySelectorAll('mark[data-m]').forEach(function (m) {
    var id = m.getAttribute('data-m');
    (fragments[id] = fragments[id] || []).push(m);
  });
  var current = null;

  function setActive(id, on) {
    (fragments[id] || []).forEach(function (m) {
      m.classList.toggle('active', on);
    });
  }

  function open(id, scrollDraft) {
    var d = details[id];
    if (!d) {
      return;
    }
    if (current !== null && details[current]) {
      details[current].classList.remove('open');
      setActive(current, false);
    }
    current = id;
    d.classList.add('open');
    root.classList.add('has-open');
    setActive(id, true);
    if (panel) {
      panel.scrollTop = 0;
    }
    var first = (fragments[id] || [])[0];
    if (scrollDraft && first) {
      first.scrollIntoView({ block: 'center' });
      first.focus({ preventScroll: true });
    } else if (panel && getComputedStyle(panel).position !== 'sticky') {
      // A narrow window puts the panel under the draft: bring the passage into view.
      d.scrollIntoView({ block: 'nearest' });
    }
    try {
      history.replaceState(null, '', '#m' + id);
    } catch (e) {
      // Some embedding views (editor webviews) refuse history changes; the panel still works.
    }
  }

  function close() {
    if (current !== null && details[current]) {
      details[current].classList.remove('open');
      setActive(current, false);
    }
    current = null;
    root.classList.remove('has-open');
  }

  // Steps through the marks that are not traced as written: the findings to look at.
  function step(delta) {
    var findings = order.filter(function (id) {
      return details[id].getAttribute('data-verdict') !== 'traced' &&
        !(details[id].getAttribute('data-kind') === 'figure' &&
          details[id].getAttribute('data-verdict') === 'not-found');
    });
    if (findings.length === 0) {
      return;
    }
    var at = findings.indexOf(current);
    var next = at < 0 ? (delta > 0 ? 0 : findings.length - 1)
      : (at + delta + findings.length) % findings.length;
    open(findings[next], true);
  }

  var vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : null;

  document.addEventListener('click', function (e) {
    var target = e.target instanceof Element ? e.target : null;
    if (!target) {
      return;
    }
    var link = target.closest('a.source-link');
    if (link && vscode) {
      // Inside the editor, source files open in the editor at the passage's line.
      e.preventDefault();
      vscode.postMessage({
        type: 'open',
        path: link.getAttribute('data-path'),
        line: Number(link.getAttribute('data-line')) || 1,
      });
      return;
    }
    var button = target.closest('button[data-step]');
    if (button) {
      step(Number(button.getAttribute('data-step')));
      return;
    }
    var mark = target.closest('.draft [data-m]');
    if (mark) {
      e.preventDefault();
      open(mark.getAttribute('data-m'), false);
    }
  });

  document.addEventListener('keydown', function (e) {
    var target = e.target instanceof Element ? e.target : null;
    if (target && target.matches('mark[data-m]') && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      open(target.getAttribute('data-m'), false);
    } else if (e.key === 'Escape') {
      close();
    } else if ((e.key === 'n' || e.key === 'p') && !e.ctrlKey && !e.metaKey && !e.altKey) {
      step(e.key === 'n' ? 1 : -1);
    }
  });

  var wanted = /^#m(\d+)$/.exec(location.hash);
  if (wanted) {
    open(wanted[1], true);
  }
})();
