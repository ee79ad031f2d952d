import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  ConfigurationParams,
  ConfigurationRequest,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
  TransportKind,
  WorkDoneProgress,
  WorkDoneProgressCreateParams,
  WorkDoneProgressCreateRequest,
} from 'vscode-languageclient/node';

const SECTION = 'sourced';
const DIAGNOSTIC_SOURCE = 'sourced';
const INSTALL_ANCHOR = 'installing';

let client: LanguageClient | undefined;
let status: StatusBar | undefined;
let output: vscode.OutputChannel | undefined;
let extensionContext: vscode.ExtensionContext;
let starting: Promise<void> | undefined;
let reportPanel: vscode.WebviewPanel | undefined;
/** The draft the open report shows. */
let reportedUri: string | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionContext = context;
  output = vscode.window.createOutputChannel('Sourced');
  status = new StatusBar();
  context.subscriptions.push(output, status);

  context.subscriptions.push(
    vscode.commands.registerCommand('sourced.client.reindex', reindex),
    vscode.commands.registerCommand('sourced.client.showSources', showSources),
    vscode.commands.registerCommand('sourced.client.restart', restart),
    vscode.commands.registerCommand('sourced.client.showReport', showReport),
    vscode.workspace.onDidChangeConfiguration(onConfigurationChanged),
  );

  if (config().get<boolean>('enable', true)) {
    await start();
  } else {
    status.disabled();
  }
}

export async function deactivate(): Promise<void> {
  await stop();
}

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

// ---------------------------------------------------------------------------------------------
// Finding the server

function expandPath(p: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  let out = p.trim();
  if (folder) {
    out = out.replace(/\$\{workspaceFolder\}/g, folder);
  }
  out = out.replace(/\$\{userHome\}/g, os.homedir());
  if (out === '~' || out.startsWith('~/')) {
    out = path.join(os.homedir(), out.slice(1));
  }
  if (!path.isAbsolute(out) && folder) {
    out = path.join(folder, out);
  }
  return path.normalize(out);
}

function isExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) {
      return false;
    }
    if (process.platform !== 'win32') {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE').split(';') : [''];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) {
      continue;
    }
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

export interface ServerLookup {
  path?: string;
  tried: string[];
}

/**
 * `sourced.server.path`, else the binary shipped inside the extension at `bin/sourced` (the
 * platform-specific package), else `sourced` on PATH.
 */
export function findServer(): ServerLookup {
  const tried: string[] = [];
  const configured = config().get<string>('server.path', '').trim();
  if (configured) {
    const p = expandPath(configured);
    tried.push(`sourced.server.path: ${p}`);
    // A configured path that does not exist is an error: do not silently use another binary.
    return isExecutable(p) ? { path: p, tried } : { tried };
  }
  const exe = process.platform === 'win32' ? 'sourced.exe' : 'sourced';
  const bundled = extensionContext.asAbsolutePath(path.join('bin', exe));
  tried.push(`bundled binary: ${bundled}`);
  if (process.platform !== 'win32' && fs.existsSync(bundled) && !isExecutable(bundled)) {
    // An unpacker that dropped the mode bits: the file is the extension's own.
    try {
      fs.chmodSync(bundled, 0o755);
    } catch {
      // Reported below as not found.
    }
  }
  if (isExecutable(bundled)) {
    return { path: bundled, tried };
  }
  const fromPath = onPath('sourced');
  tried.push('`sourced` on PATH');
  if (fromPath) {
    return { path: fromPath, tried };
  }
  return { tried };
}

async function reportMissingServer(lookup: ServerLookup): Promise<void> {
  const msg =
    'Sourced: the `sourced` language server was not found (tried ' +
    lookup.tried.join('; ') +
    '). Install it or set "sourced.server.path".';
  output?.appendLine(msg);
  status?.error('sourced not found');
  const install = 'Install instructions';
  const settings = 'Set server path';
  const choice = await vscode.window.showErrorMessage(msg, install, settings);
  if (choice === install) {
    // vsce stores the README as readme.md; a checkout has README.md.
    const readme =
      ['readme.md', 'README.md']
        .map((name) => vscode.Uri.joinPath(extensionContext.extensionUri, name))
        .find((uri) => fs.existsSync(uri.fsPath)) ?? vscode.Uri.joinPath(extensionContext.extensionUri, 'README.md');
    await vscode.commands.executeCommand('markdown.showPreview', readme.with({ fragment: INSTALL_ANCHOR }));
  } else if (choice === settings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'sourced.server.path');
  }
}

// ---------------------------------------------------------------------------------------------
// Settings sent to the server

/** The corpus setting with paths made absolute; undefined when empty (the server decides). */
function corpus(): string[] | undefined {
  const list = config().get<string[]>('corpus', []) ?? [];
  const out = list.filter((p) => typeof p === 'string' && p.trim() !== '').map(expandPath);
  return out.length > 0 ? out : undefined;
}

function serverSettings(): Record<string, unknown> {
  const c = config();
  const settings: Record<string, unknown> = {
    enable: c.get<boolean>('enable', true),
    trace: { server: c.get<string>('trace.server', 'off') },
  };
  const list = corpus();
  if (list) {
    settings.corpus = list;
  }
  return settings;
}

// ---------------------------------------------------------------------------------------------
// Client lifecycle

async function start(): Promise<void> {
  if (starting) {
    return starting;
  }
  starting = doStart().finally(() => {
    starting = undefined;
  });
  return starting;
}

async function doStart(): Promise<void> {
  const lookup = findServer();
  if (!lookup.path) {
    await reportMissingServer(lookup);
    return;
  }
  output?.appendLine(`Starting ${lookup.path} lsp`);

  const serverOptions: ServerOptions = {
    command: lookup.path,
    args: ['lsp'],
    transport: TransportKind.stdio,
    options: { cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath },
  };
  const list = corpus();
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'file', language: 'plaintext' },
      { scheme: 'untitled', language: 'markdown' },
      { scheme: 'untitled', language: 'plaintext' },
    ],
    initializationOptions: list ? { corpus: list } : {},
    outputChannel: output,
    middleware: {
      workspace: {
        // Answer workspace/configuration for section "sourced" with resolved paths.
        configuration: (params: ConfigurationParams, token, next) => {
          const answers = params.items.map((item) => {
            if (item.section === SECTION) {
              return serverSettings();
            }
            if (item.section?.startsWith(SECTION + '.')) {
              const key = item.section.slice(SECTION.length + 1);
              return key === 'corpus' ? (corpus() ?? []) : (config().get(key) ?? null);
            }
            return undefined;
          });
          if (answers.every((a) => a !== undefined)) {
            return answers;
          }
          return Promise.resolve(next(params, token)).then((fallback) =>
            Array.isArray(fallback) ? answers.map((a, i) => (a === undefined ? fallback[i] : a)) : fallback,
          );
        },
      },
    },
  };

  const c = new LanguageClient(SECTION, 'Sourced', serverOptions, clientOptions);
  client = c;
  c.onDidChangeState((e) => {
    if (e.newState === State.Stopped) {
      status?.stopped();
    }
  });
  // Registered as a feature so that its handlers exist before the server's first request.
  c.registerFeature({
    fillClientCapabilities: (caps) => {
      caps.window = caps.window ?? {};
      caps.window.workDoneProgress = true;
    },
    initialize: () => watchProgress(c),
    getState: () => ({ kind: 'static' }),
    clear: () => undefined,
  });
  status?.starting();
  try {
    await c.start();
  } catch (err) {
    client = undefined;
    status?.error('sourced failed to start');
    output?.appendLine(`Failed to start: ${String(err)}`);
    void vscode.window.showErrorMessage(`Sourced: the language server failed to start: ${String(err)}`);
    return;
  }
  const info = c.initializeResult?.serverInfo;
  const running = `${lookup.path} (${info?.name ?? 'sourced'} ${info?.version ?? 'unknown version'})`;
  output?.appendLine(`Running ${running}`);
  status?.setServer(running);
  status?.ready();
  void refreshSourceCount();
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(5000);
    } catch (err) {
      output?.appendLine(`Error while stopping: ${String(err)}`);
    }
  }
}

async function restart(): Promise<void> {
  await stop();
  if (config().get<boolean>('enable', true)) {
    await start();
  } else {
    status?.disabled();
  }
}

async function onConfigurationChanged(e: vscode.ConfigurationChangeEvent): Promise<void> {
  if (!e.affectsConfiguration(SECTION)) {
    return;
  }
  const enabled = config().get<boolean>('enable', true);
  if (!enabled) {
    await stop();
    status?.disabled();
    return;
  }
  if (!client || e.affectsConfiguration('sourced.server.path') || e.affectsConfiguration('sourced.enable')) {
    await restart();
    return;
  }
  if (e.affectsConfiguration('sourced.corpus')) {
    // The corpus is part of initializationOptions: restart so that every server picks it up.
    await restart();
    return;
  }
  // Other settings (trace) are applied by the client; tell the server too.
  void client.sendNotification('workspace/didChangeConfiguration', { settings: { sourced: serverSettings() } });
}

// ---------------------------------------------------------------------------------------------
// Progress: keep the client's own progress UI and mirror it in the status bar.

function watchProgress(c: LanguageClient): void {
  const seen = new Set<string | number>();
  const follow = (token: string | number) => {
    if (seen.has(token)) {
      return;
    }
    seen.add(token);
    let done: (() => void) | undefined;
    let report: vscode.Progress<{ message?: string }> | undefined;
    const sub = c.onProgress(WorkDoneProgress.type, token, (value) => {
      if (value.kind === 'begin') {
        status?.progress(value.title, value.message, value.percentage);
        void vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: `Sourced: ${value.title}` },
          (p) => {
            report = p;
            return new Promise<void>((resolve) => (done = resolve));
          },
        );
      } else if (value.kind === 'report') {
        status?.progress(undefined, value.message, value.percentage);
        report?.report({ message: value.message });
      } else {
        seen.delete(token);
        sub.dispose();
        done?.();
        status?.ready();
        void refreshSourceCount();
      }
    });
  };
  c.onRequest(WorkDoneProgressCreateRequest.type, (params: WorkDoneProgressCreateParams) => {
    follow(params.token);
    return null;
  });
}

// ---------------------------------------------------------------------------------------------
// Commands

async function runningClient(): Promise<LanguageClient | undefined> {
  if (starting) {
    await starting;
  }
  if (!client && config().get<boolean>('enable', true)) {
    await start();
  }
  if (!client || !client.isRunning()) {
    void vscode.window.showWarningMessage('Sourced: the language server is not running.');
    return undefined;
  }
  return client;
}

async function executeServerCommand(command: string): Promise<unknown> {
  const c = await runningClient();
  if (!c) {
    return undefined;
  }
  return c.sendRequest(ExecuteCommandRequest.type, { command, arguments: [] });
}

async function reindex(): Promise<void> {
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Sourced: reindexing sources' },
      () => executeServerCommand('sourced.reindex'),
    );
    await refreshSourceCount();
  } catch (err) {
    void vscode.window.showErrorMessage(`Sourced: reindex failed: ${String(err)}`);
  }
}

/** File paths from a `sourced.showSources` answer: strings (paths or URIs) or objects. */
export function sourcePaths(result: unknown): string[] {
  let list: unknown = result;
  if (list && typeof list === 'object' && !Array.isArray(list)) {
    const o = list as Record<string, unknown>;
    list = o.sources ?? o.files ?? o.items ?? [];
  }
  if (!Array.isArray(list)) {
    return [];
  }
  const out: string[] = [];
  for (const item of list) {
    let s: unknown = item;
    if (item && typeof item === 'object') {
      const o = item as Record<string, unknown>;
      s = o.path ?? o.uri ?? o.file;
    }
    if (typeof s !== 'string') {
      continue;
    }
    out.push(/^[a-zA-Z][\w+.-]+:\/\//.test(s) ? vscode.Uri.parse(s).fsPath : s);
  }
  return out;
}

async function fetchSources(): Promise<string[] | undefined> {
  const result = await executeServerCommand('sourced.showSources');
  return result === undefined ? undefined : sourcePaths(result);
}

async function refreshSourceCount(): Promise<void> {
  if (!client || !client.isRunning()) {
    return;
  }
  try {
    const result = await client.sendRequest(ExecuteCommandRequest.type, { command: 'sourced.showSources', arguments: [] });
    status?.setSourceCount(sourcePaths(result).length);
  } catch (err) {
    output?.appendLine(`Could not list sources: ${String(err)}`);
  }
}

async function showSources(): Promise<void> {
  let paths: string[] | undefined;
  try {
    paths = await fetchSources();
  } catch (err) {
    void vscode.window.showErrorMessage(`Sourced: could not list the sources: ${String(err)}`);
    return;
  }
  if (paths === undefined) {
    return;
  }
  status?.setSourceCount(paths.length);
  if (paths.length === 0) {
    void vscode.window.showInformationMessage('Sourced: no sources are indexed.');
    return;
  }
  const items = paths.map((p) => ({
    label: path.basename(p),
    description: vscode.workspace.asRelativePath(path.dirname(p)),
    detail: p,
    path: p,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `Sourced: ${paths.length} source${paths.length === 1 ? '' : 's'}`,
    placeHolder: 'Open a source document',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(picked.path));
    await vscode.window.showTextDocument(doc, { preview: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Review report: the server's page for the active draft, in a webview beside it.

/** The draft to report on: the active editor's, else the one the open report shows. */
function reportDocument(): vscode.TextDocument | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && (doc.languageId === 'markdown' || doc.languageId === 'plaintext')) {
    return doc;
  }
  const shown = reportPanel ? reportedUri : undefined;
  return shown ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === shown) : undefined;
}

/** The page from a `sourced.report` answer. */
export function reportHtml(result: unknown): string | undefined {
  if (result && typeof result === 'object') {
    const html = (result as Record<string, unknown>).html;
    if (typeof html === 'string' && html.length > 0) {
      return html;
    }
  }
  return undefined;
}

async function showReport(): Promise<void> {
  const doc = reportDocument();
  if (!doc) {
    void vscode.window.showWarningMessage('Sourced: open a Markdown or plain-text draft to see its review report.');
    return;
  }
  const c = await runningClient();
  if (!c) {
    return;
  }
  let result: unknown;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Sourced: building the review report' },
      () =>
        c.sendRequest(ExecuteCommandRequest.type, {
          command: 'sourced.report',
          arguments: [c.code2ProtocolConverter.asUri(doc.uri)],
        }),
    );
  } catch (err) {
    void vscode.window.showErrorMessage(`Sourced: the review report failed: ${String(err)}`);
    return;
  }
  const html = reportHtml(result);
  if (!html) {
    void vscode.window.showErrorMessage('Sourced: the server sent no review report.');
    return;
  }
  const title = `Review: ${path.basename(doc.uri.path)}`;
  if (!reportPanel) {
    reportPanel = vscode.window.createWebviewPanel(
      'sourced.report',
      title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      // The page carries its own strict security policy and loads nothing; its one script shows
      // passages and asks the extension to open source files.
      { enableScripts: true, enableFindWidget: true, localResourceRoots: [] },
    );
    reportPanel.onDidDispose(() => {
      reportPanel = undefined;
      reportedUri = undefined;
    });
    reportPanel.webview.onDidReceiveMessage(openFromReport);
  }
  reportedUri = doc.uri.toString();
  reportPanel.title = title;
  reportPanel.webview.html = html;
  reportPanel.reveal(vscode.ViewColumn.Beside, true);
}

/** A source link clicked in the report: the file opens at the passage's line. */
async function openFromReport(message: unknown): Promise<void> {
  if (!message || typeof message !== 'object') {
    return;
  }
  const m = message as Record<string, unknown>;
  if (m.type !== 'open' || typeof m.path !== 'string' || !path.isAbsolute(m.path)) {
    return;
  }
  const line = Math.max(0, (typeof m.line === 'number' && Number.isFinite(m.line) ? Math.floor(m.line) : 1) - 1);
  try {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(m.path));
    const at = new vscode.Range(line, 0, line, 0);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: at, preview: true });
  } catch (err) {
    void vscode.window.showErrorMessage(`Sourced: could not open ${m.path}: ${String(err)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Status bar

class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private sources: number | undefined;
  private server: string | undefined;
  private indexing: string | undefined;
  private state: 'starting' | 'ready' | 'stopped' | 'disabled' | 'error' = 'starting';
  private errorText = '';

  constructor() {
    this.item = vscode.window.createStatusBarItem('sourced.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Sourced';
    this.item.command = 'sourced.client.showSources';
    this.disposables.push(
      vscode.languages.onDidChangeDiagnostics(() => this.render()),
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
    );
    this.render();
  }

  starting(): void {
    this.state = 'starting';
    this.render();
  }
  ready(): void {
    this.state = 'ready';
    this.indexing = undefined;
    this.render();
  }
  stopped(): void {
    if (this.state !== 'disabled' && this.state !== 'error') {
      this.state = 'stopped';
    }
    this.indexing = undefined;
    this.render();
  }
  disabled(): void {
    this.state = 'disabled';
    this.indexing = undefined;
    this.render();
  }
  error(text: string): void {
    this.state = 'error';
    this.errorText = text;
    this.render();
  }
  progress(title: string | undefined, message: string | undefined, percentage: number | undefined): void {
    const parts = [title ?? this.indexing?.split(' (')[0] ?? 'Indexing'];
    const detail = [message, percentage !== undefined ? `${Math.round(percentage)}%` : undefined].filter(Boolean);
    this.indexing = detail.length > 0 ? `${parts[0]} (${detail.join(', ')})` : parts[0];
    this.render();
  }
  setServer(description: string): void {
    this.server = description;
    this.render();
  }
  setSourceCount(n: number): void {
    this.sources = n;
    this.render();
  }

  private counts(): Map<string, number> {
    const counts = new Map<string, number>();
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc) {
      return counts;
    }
    for (const d of vscode.languages.getDiagnostics(doc.uri)) {
      if (d.source !== DIAGNOSTIC_SOURCE) {
        continue;
      }
      const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? 'other');
      counts.set(code, (counts.get(code) ?? 0) + 1);
    }
    return counts;
  }

  private render(): void {
    const item = this.item;
    item.backgroundColor = undefined;
    switch (this.state) {
      case 'disabled':
        item.hide();
        return;
      case 'error':
        item.text = `$(error) ${this.errorText}`;
        item.tooltip = 'Sourced: see the "Sourced" output channel';
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        item.command = 'sourced.client.restart';
        item.show();
        return;
      case 'stopped':
        item.text = '$(circle-slash) sourced stopped';
        item.tooltip = 'Sourced: the language server stopped. Click to restart.';
        item.command = 'sourced.client.restart';
        item.show();
        return;
      case 'starting':
        item.text = '$(sync~spin) sourced';
        item.tooltip = 'Sourced: starting the language server';
        item.command = undefined;
        item.show();
        return;
    }
    item.command = 'sourced.client.showSources';
    if (this.indexing) {
      item.text = `$(sync~spin) ${this.indexing}`;
      item.tooltip = 'Sourced: indexing the source documents';
      item.show();
      return;
    }
    const counts = this.counts();
    let total = 0;
    const lines: string[] = [];
    for (const [code, n] of [...counts.entries()].sort()) {
      total += n;
      lines.push(`${code}: ${n}`);
    }
    const src = this.sources === undefined ? 'sources' : `${this.sources} source${this.sources === 1 ? '' : 's'}`;
    item.text = `$(book) ${src}  $(warning) ${total}`;
    item.tooltip = new vscode.MarkdownString(
      [
        `**Sourced** — ${src} indexed`,
        total === 0 ? 'No warnings in this document' : lines.join('  \n'),
        this.server ? `Server: \`${this.server}\`` : '',
        'Click to show the sources',
      ]
        .filter((line) => line !== '')
        .join('\n\n'),
    );
    item.show();
  }

  dispose(): void {
    this.item.dispose();
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
