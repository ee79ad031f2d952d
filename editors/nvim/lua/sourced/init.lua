-- sourced: checks a draft's quotes and figures against its source documents.
--
--   require('sourced').setup({
--     corpus = { 'sources/', '~/notes/interviews' }, -- optional; default: sourced.toml or built-in
--     cmd = { 'sourced', 'lsp' },                     -- optional
--   })
--
-- Works with Neovim 0.11+ (vim.lsp.config / vim.lsp.enable) and 0.10 (vim.lsp.start on FileType).
local M = {}

M.name = 'sourced'

M.defaults = {
  cmd = { 'sourced', 'lsp' },
  filetypes = { 'markdown', 'text' },
  root_markers = { 'sourced.toml', '.git' },
  corpus = nil,
  enable = true,
  -- :SourcedReport opens the page with vim.ui.open (the system's browser); false only writes it.
  open_report = true,
}

--- The options passed to the last setup() call, merged with the defaults.
M.options = vim.deepcopy(M.defaults)

local has_011 = vim.fn.has('nvim-0.11') == 1

local function expand_corpus(corpus)
  if corpus == nil then
    return nil
  end
  if type(corpus) == 'string' then
    corpus = { corpus }
  end
  local out = {}
  for _, p in ipairs(corpus) do
    out[#out + 1] = vim.fs.normalize(p)
  end
  return out
end

--- Builds the vim.lsp client config from the plugin options.
function M.client_config(opts)
  opts = opts or M.options
  local corpus = expand_corpus(opts.corpus)
  local sourced_settings = vim.tbl_deep_extend('force', {}, (opts.settings or {}).sourced or {})
  if corpus then
    sourced_settings.corpus = corpus
  end
  local cfg = {
    cmd = opts.cmd,
    filetypes = opts.filetypes,
    root_markers = opts.root_markers,
    settings = { sourced = next(sourced_settings) and sourced_settings or vim.empty_dict() },
    init_options = corpus and { corpus = corpus } or nil,
    on_attach = opts.on_attach,
    capabilities = opts.capabilities,
  }
  return cfg
end

--- Clients of the sourced server (optionally only those attached to bufnr).
function M.clients(bufnr)
  local filter = { name = M.name, bufnr = bufnr }
  if vim.lsp.get_clients then
    return vim.lsp.get_clients(filter)
  end
  return vim.lsp.get_active_clients(filter)
end

local function client_request(client, method, params, handler, bufnr)
  if has_011 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function client_notify(client, method, params)
  if has_011 then
    return client:notify(method, params)
  end
  return client.notify(method, params)
end

local function first_client()
  local clients = M.clients(vim.api.nvim_get_current_buf())
  if #clients == 0 then
    clients = M.clients()
  end
  if #clients == 0 then
    vim.notify('sourced: the language server is not running (open a Markdown or text file)', vim.log.levels.WARN)
    return nil
  end
  return clients[1]
end

--- Runs a server command (workspace/executeCommand); calls cb(err, result).
function M.execute(command, arguments, cb)
  local client = first_client()
  if not client then
    return false
  end
  client_request(client, 'workspace/executeCommand', { command = command, arguments = arguments or {} },
    function(err, result)
      if cb then
        cb(err, result)
      elseif err then
        vim.notify('sourced: ' .. command .. ' failed: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      end
    end, vim.api.nvim_get_current_buf())
  return true
end

--- :SourcedReindex
function M.reindex()
  return M.execute('sourced.reindex', {}, function(err)
    if err then
      vim.notify('sourced: reindex failed: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    else
      vim.notify('sourced: sources reindexed', vim.log.levels.INFO)
    end
  end)
end

--- Normalises one entry of the sourced.showSources result into a file path.
function M.source_path(item)
  if type(item) == 'table' then
    item = item.path or item.uri or item.file or item.location and item.location.uri
  end
  if type(item) ~= 'string' then
    return nil
  end
  if item:match('^%a[%w+.-]*://') then
    return vim.uri_to_fname(item)
  end
  return item
end

--- Paths from a sourced.showSources result (a list, or an object holding one).
function M.source_paths(result)
  if type(result) == 'table' and not vim.islist(result) then
    result = result.sources or result.files or result.items or {}
  end
  local paths = {}
  for _, item in ipairs(result or {}) do
    local p = M.source_path(item)
    if p then
      paths[#paths + 1] = p
    end
  end
  return paths
end

--- :SourcedSources — pick a corpus file and open it.
function M.sources(cb)
  return M.execute('sourced.showSources', {}, function(err, result)
    if err then
      vim.notify('sourced: showSources failed: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return
    end
    local paths = M.source_paths(result)
    if cb then
      return cb(paths)
    end
    if #paths == 0 then
      vim.notify('sourced: no sources indexed', vim.log.levels.WARN)
      return
    end
    vim.ui.select(paths, {
      prompt = 'Sources (' .. #paths .. ')',
      format_item = function(p)
        return vim.fn.fnamemodify(p, ':~:.')
      end,
    }, function(choice)
      if choice then
        vim.cmd.edit(vim.fn.fnameescape(choice))
      end
    end)
  end)
end

--- Where :SourcedReport writes the review page of a buffer: the cache folder, named after the
--- buffer's file.
function M.report_path(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local stem = name ~= '' and vim.fn.fnamemodify(name, ':t:r') or ('buffer-' .. bufnr)
  local dir = vim.fn.stdpath('cache') .. '/sourced'
  vim.fn.mkdir(dir, 'p')
  return dir .. '/' .. stem .. '.report.html'
end

--- Opens a written review page in the browser, or says where it is.
function M.open_report(path)
  if M.options.open_report ~= false and vim.ui.open then
    local _, err = vim.ui.open(path)
    if not err then
      vim.notify('sourced: review report opened: ' .. path, vim.log.levels.INFO)
      return
    end
    vim.notify('sourced: could not open a browser (' .. tostring(err) .. '); the report is at ' .. path,
      vim.log.levels.WARN)
    return
  end
  vim.notify('sourced: review report written to ' .. path, vim.log.levels.INFO)
end

--- :SourcedReport — the review page of the current buffer (as the server checked it, unsaved
--- edits included), written to the cache folder and opened. With cb, calls cb(path) or
--- cb(nil, err) instead of opening it.
function M.report(cb)
  local bufnr = vim.api.nvim_get_current_buf()
  local function failed(why)
    vim.notify('sourced: the review report failed: ' .. why, vim.log.levels.ERROR)
    if cb then
      cb(nil, why)
    end
  end
  return M.execute('sourced.report', { vim.uri_from_bufnr(bufnr) }, function(err, result)
    if err then
      return failed(err.message or vim.inspect(err))
    end
    if type(result) ~= 'table' or type(result.html) ~= 'string' then
      return failed('the server sent no page')
    end
    local path = M.report_path(bufnr)
    local file, open_err = io.open(path, 'wb')
    if not file then
      return failed(tostring(open_err))
    end
    file:write(result.html)
    file:close()
    if cb then
      return cb(path)
    end
    M.open_report(path)
  end)
end

--- Changes the corpus of running servers without a restart.
function M.set_corpus(corpus)
  M.options.corpus = corpus
  local cfg = M.client_config()
  for _, client in ipairs(M.clients()) do
    client.config.settings = cfg.settings
    client_notify(client, 'workspace/didChangeConfiguration', { settings = cfg.settings })
  end
  if has_011 then
    vim.lsp.config(M.name, cfg)
  end
end

function M.create_commands()
  vim.api.nvim_create_user_command('SourcedReindex', function()
    M.reindex()
  end, { desc = 'sourced: reindex the source documents' })
  vim.api.nvim_create_user_command('SourcedSources', function()
    M.sources()
  end, { desc = 'sourced: list the source documents and open one' })
  vim.api.nvim_create_user_command('SourcedReport', function()
    M.report()
  end, { desc = 'sourced: open the review report of this draft in the browser' })
end

local function start_010(bufnr, cfg)
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local root = vim.fs.root and vim.fs.root(bufnr, cfg.root_markers) or nil
  if not root then
    local found = vim.fs.find(cfg.root_markers, { upward = true, path = vim.fs.dirname(fname) })[1]
    root = found and vim.fs.dirname(found) or vim.fs.dirname(fname)
  end
  vim.lsp.start({
    name = M.name,
    cmd = cfg.cmd,
    root_dir = root,
    settings = cfg.settings,
    init_options = cfg.init_options,
    on_attach = cfg.on_attach,
    capabilities = cfg.capabilities,
  }, { bufnr = bufnr })
end

--- Configures and enables the sourced language server.
function M.setup(opts)
  M.options = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  if opts and opts.corpus then
    M.options.corpus = opts.corpus -- lists replace, they do not merge
  end
  M.create_commands()
  local cfg = M.client_config()
  if has_011 then
    vim.lsp.config(M.name, cfg)
    vim.lsp.enable(M.name, M.options.enable ~= false)
    return
  end
  if M.options.enable == false then
    return
  end
  local group = vim.api.nvim_create_augroup('sourced', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = cfg.filetypes,
    callback = function(args)
      start_010(args.buf, cfg)
    end,
  })
  -- Buffers that were already open when setup() ran.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(cfg.filetypes, vim.bo[buf].filetype) then
      start_010(buf, cfg)
    end
  end
end

return M
