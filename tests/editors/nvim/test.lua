-- Headless Neovim test: loads editors/nvim from the runtimepath like a user's plugin manager
-- would, starts the real server and checks diagnostics, hover, definition, a quick fix and
-- the plugin's commands. Usage: nvim --headless --clean -l test.lua PLUGIN_DIR SOURCED_BIN DRAFT
local plugin_dir, bin, draft = arg[1], arg[2], arg[3]
local TIMEOUT = tonumber(os.getenv('SOURCED_TEST_TIMEOUT') or '60') * 1000
local QUOTE_FILE = 'there-is-a-drug-overdose-crisis-in-the-united-states.txt'

local passed = 0
local function say(msg)
  io.stdout:write('[nvim] ' .. msg .. '\n')
end
local function fail(msg)
  io.stderr:write('[nvim] FAIL: ' .. msg .. '\n')
  for _, line in ipairs(vim.split(vim.fn.execute('messages'), '\n')) do
    if line ~= '' then
      io.stderr:write('[nvim]   :messages ' .. line .. '\n')
    end
  end
  os.exit(1)
end
local function check(cond, msg)
  if not cond then
    fail(msg)
  end
  passed = passed + 1
  say('ok ' .. msg)
end

-- Load the plugin the way a plugin manager does: runtimepath + plugin/ scripts.
vim.opt.runtimepath:prepend(plugin_dir)
vim.cmd('runtime! plugin/sourced.lua')
check(vim.fn.exists(':SourcedReindex') == 2 and vim.fn.exists(':SourcedSources') == 2
  and vim.fn.exists(':SourcedReport') == 2,
  'user commands :SourcedReindex, :SourcedSources and :SourcedReport exist')

-- The shipped lsp/sourced.lua supplies the defaults; only the binary's path is overridden,
-- through setup() so the plugin's own configuration code runs too.
require('sourced').setup({ cmd = { bin, 'lsp' } })
local cfg = vim.lsp.config.sourced
check(cfg and vim.deep_equal(cfg.filetypes, { 'markdown', 'text' })
  and vim.deep_equal(cfg.root_markers, { 'sourced.toml', '.git' }),
  'vim.lsp.config.sourced comes from lsp/sourced.lua (filetypes, root_markers)')

vim.cmd.edit(vim.fn.fnameescape(draft))
local buf = vim.api.nvim_get_current_buf()
check(vim.bo[buf].filetype == 'markdown', 'draft has filetype markdown')

local function client()
  return vim.lsp.get_clients({ name = 'sourced', bufnr = buf })[1]
end
check(vim.wait(10000, function() return client() ~= nil end, 20), 'sourced client attached to the draft')

local function diags(code)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code == nil or d.code == code then
      out[#out + 1] = d
    end
  end
  return out
end
local function range_text(d)
  local lines = vim.api.nvim_buf_get_text(buf, d.lnum, d.col, d.end_lnum, d.end_col, {})
  return table.concat(lines, '\n')
end

local t0 = vim.uv.hrtime()
local got = vim.wait(TIMEOUT, function()
  return #diags('misquote') > 0 and #diags('figure-mismatch') > 0
end, 50)
if not got then
  local seen = {}
  for _, d in ipairs(diags()) do
    seen[#seen + 1] = ('%s@%d:%d %q'):format(tostring(d.code), d.lnum, d.col, d.message)
  end
  fail('no misquote + figure-mismatch diagnostics after ' .. TIMEOUT .. ' ms; got: '
    .. (#seen > 0 and table.concat(seen, '; ') or 'nothing'))
end
say(('diagnostics arrived after %.0f ms'):format((vim.uv.hrtime() - t0) / 1e6))

local mq = diags('misquote')[1]
check(mq.lnum == 4 and range_text(mq):find('foreign', 1, true) ~= nil,
  ('misquote on line 5 covering "foreign" (range text %q)'):format(range_text(mq)))
check(mq.source == 'sourced', 'misquote source is "sourced"')
local fm = diags('figure-mismatch')[1]
check(fm.lnum == 6 and range_text(fm):find('63,600', 1, true) ~= nil,
  ('figure-mismatch on line 7 covering "63,600" (range text %q)'):format(range_text(fm)))
local on_verified = {}
for _, d in ipairs(diags()) do
  if d.lnum == 2 and (d.code == 'misquote' or d.code == 'unsourced-quote' or d.code == 'misattribution') then
    on_verified[#on_verified + 1] = d.code
  end
end
check(#on_verified == 0, 'no quote warning on the verified quote (line 3)')

-- Hover on the verified quote.
local function params_at(line, col)
  return { textDocument = vim.lsp.util.make_text_document_params(buf), position = { line = line, character = col } }
end
local hover_text = ''
local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params_at(2, 10), 10000) or {}
for _, r in pairs(res) do
  if r.result and r.result.contents then
    local c = r.result.contents
    if type(c) == 'string' then
      hover_text = hover_text .. c
    elseif c.value then
      hover_text = hover_text .. c.value
    else
      for _, part in ipairs(c) do
        hover_text = hover_text .. (type(part) == 'string' and part or part.value or '')
      end
    end
  end
end
check(hover_text:find(QUOTE_FILE, 1, true) ~= nil,
  ('hover on the verified quote cites %s (%q)'):format(QUOTE_FILE, hover_text:sub(1, 200)))

-- Hover on a figure a dated source states: its title and date.
local function hover_at(line, col)
  local out = ''
  for _, r in pairs(vim.lsp.buf_request_sync(buf, 'textDocument/hover', params_at(line, col), 10000) or {}) do
    local c = r.result and r.result.contents
    if type(c) == 'table' and c.value then
      out = out .. c.value
    elseif type(c) == 'string' then
      out = out .. c
    end
  end
  return out
end
local dated = hover_at(8, 9)
check(dated:find('U.S. raises pressure on China', 1, true) ~= nil and dated:find('June 28, 2024', 1, true) ~= nil,
  ('hover on "110,000" names the source by title and date (%q)'):format(dated:sub(1, 200)))

-- Commands.
local sources
check(require('sourced').sources(function(paths) sources = paths end), ':SourcedSources sent sourced.showSources')
check(vim.wait(10000, function() return sources ~= nil end, 20), 'sourced.showSources answered')
local found_src = false
for _, p in ipairs(sources) do
  if p:find(QUOTE_FILE, 1, true) then
    found_src = true
  end
end
check(found_src, ('sourced.showSources lists %s (%d sources)'):format(QUOTE_FILE, #sources))
local reindexed
require('sourced').execute('sourced.reindex', {}, function(err) reindexed = err or true end)
check(vim.wait(TIMEOUT, function() return reindexed ~= nil end, 20) and reindexed == true,
  'sourced.reindex succeeded: ' .. vim.inspect(reindexed))

-- :SourcedReport: the review page of the buffer, opened through vim.ui.open.
local opened
vim.ui.open = function(path)
  opened = path
  return nil, nil
end
vim.cmd('SourcedReport')
check(vim.wait(TIMEOUT, function() return opened ~= nil end, 20), ':SourcedReport opened a page: ' .. tostring(opened))
local page_file = io.open(opened, 'rb')
local page = page_file and page_file:read('*a') or ''
if page_file then
  page_file:close()
end
check(opened:find('draft.report.html', 1, true) ~= nil and page:find('<!DOCTYPE html>', 1, true) == 1,
  'the page is written to ' .. opened)
check(page:find('data-verdict="differs" data-kind="quotation"', 1, true) ~= nil
  and page:find('data-verdict="differs" data-kind="figure"', 1, true) ~= nil
  and page:find('data-verdict="traced" data-kind="quotation"', 1, true) ~= nil,
  'the page marks the misquote and the wrong figure as differing and the verified quote as traced')
check(page:find(QUOTE_FILE .. ', line ', 1, true) ~= nil, 'the page shows the passage in ' .. QUOTE_FILE)

-- Quick fix: cursor on "foreign", apply the misquote fix.
local mq_now = diags('misquote')[1] or mq
vim.api.nvim_win_set_cursor(0, { mq_now.lnum + 1, mq_now.col })
local titles = {}
-- Never wait for input: a menu would read the (closed) stdin and stall the test.
vim.ui.select = function(items, _, on_choice)
  fail('code_action() showed a menu of ' .. #items .. ' actions instead of applying one: ' .. table.concat(titles, ' | '))
end
vim.lsp.buf.code_action({
  apply = true,
  filter = function(action)
    titles[#titles + 1] = action.title
    -- The fix itself, not "Ignore this finding": exactly one action must pass, or
    -- code_action() falls back to an interactive menu.
    if action.title:lower():find('ignore', 1, true) then
      return false
    end
    for _, d in ipairs(action.diagnostics or {}) do
      if d.code == 'misquote' then
        return true
      end
    end
    return false
  end,
})
local fixed = vim.wait(10000, function()
  return #diags('misquote') == 0 and not table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n'):find('foreign', 1, true)
end, 50)
check(fixed, 'quick fix removed the misquote warning (offered: ' .. table.concat(titles, ' | ') .. ')')
say('line 5 now: ' .. vim.api.nvim_buf_get_lines(buf, 4, 5, false)[1])
check(#diags('figure-mismatch') > 0, 'figure-mismatch still reported after the edit')

-- Insert citation twice on the verified quote: two references, one note for the source.
local function cite()
  vim.api.nvim_set_current_buf(buf)
  vim.api.nvim_win_set_cursor(0, { 3, 10 })
  local before = vim.b[buf].changedtick
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(action) return action.title == 'Insert citation' end,
  })
  return vim.wait(10000, function() return vim.b[buf].changedtick ~= before end, 20)
end
check(cite() and cite(), 'Insert citation applied twice on the verified quote')
local body = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
local _, notes = body:gsub('\n%[%^[^%]]+%]: ', '')
local label = body:match('\n%[%^([^%]]+)%]: ')
local _, marks = body:gsub('%[%^' .. vim.pesc(label or '?') .. '%]', '')
local refs = marks - notes
check(notes == 1 and refs == 2 and body:find(QUOTE_FILE .. '>', 1, true) ~= nil,
  ('one footnote for the source, cited twice (%d notes, %d references): %s'):format(notes, refs,
    body:sub(-400)))

-- Go to definition from the verified quote: lands in the source file.
vim.api.nvim_set_current_buf(buf)
vim.api.nvim_win_set_cursor(0, { 3, 10 })
vim.lsp.buf.definition()
local landed = vim.wait(10000, function()
  return vim.api.nvim_buf_get_name(0):find(QUOTE_FILE, 1, true) ~= nil
end, 20)
check(landed, 'definition on the verified quote opened ' .. QUOTE_FILE .. ' (now in ' .. vim.api.nvim_buf_get_name(0) .. ')')
local cur = vim.api.nvim_get_current_line()
say(('definition landed on line %d: %s'):format(vim.fn.line('.'), cur:sub(1, 100)))

-- :checkhealth sourced
vim.cmd('checkhealth sourced')
local health = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
check(health:find('binary: ' .. bin, 1, true) ~= nil and health:find('version:', 1, true) ~= nil,
  ':checkhealth sourced reports the binary and its version')
check(health:find('the built-in articles are used', 1, true) ~= nil
  and health:find('reads 5 source document(s)', 1, true) ~= nil,
  ':checkhealth sourced names the corpus and how many documents the server reads: ' .. health)

say(('PASS (%d checks)'):format(passed))
for _, c in ipairs(vim.lsp.get_clients({ name = 'sourced' })) do
  c:stop()
end
vim.wait(2000, function() return #vim.lsp.get_clients({ name = 'sourced' }) == 0 end, 20)
os.exit(0)
