-- :checkhealth sourced
local M = {}

local health = vim.health
local start = health.start or health.report_start
local ok = health.ok or health.report_ok
local warn = health.warn or health.report_warn
local err = health.error or health.report_error
local info = health.info or health.report_info

local function resolved_cmd()
  local sourced = require('sourced')
  local cmd = sourced.options.cmd
  if vim.lsp.config and vim.lsp.config.sourced and vim.lsp.config.sourced.cmd then
    cmd = vim.lsp.config.sourced.cmd
  end
  if type(cmd) ~= 'table' then
    return nil
  end
  return cmd
end

function M.check()
  local sourced = require('sourced')

  start('sourced: Neovim')
  if vim.fn.has('nvim-0.11') == 1 then
    ok('Neovim ' .. tostring(vim.version()) .. ' (vim.lsp.config / vim.lsp.enable)')
  elseif vim.fn.has('nvim-0.10') == 1 then
    ok('Neovim ' .. tostring(vim.version()) .. ' (vim.lsp.start on FileType; call setup())')
  else
    err('Neovim 0.10 or newer is required')
  end

  start('sourced: server binary')
  local cmd = resolved_cmd()
  if not cmd then
    warn('cmd is a function; cannot check the binary')
  else
    local exe = vim.fn.exepath(cmd[1])
    if exe == '' then
      err('`' .. cmd[1] .. '` not found on PATH', {
        'Install it: cargo install --path . (in the sourced repository)',
        "or point the plugin at it: require('sourced').setup({ cmd = { '/path/to/sourced', 'lsp' } })",
      })
    else
      ok('binary: ' .. exe)
      local out = vim.fn.system({ exe, '--version' })
      if vim.v.shell_error == 0 then
        ok('version: ' .. vim.trim(out))
      else
        err('`' .. exe .. ' --version` failed: ' .. vim.trim(out))
      end
    end
    info('command: ' .. table.concat(cmd, ' '))
  end

  start('sourced: corpus')
  local corpus = sourced.options.corpus
  if corpus and #corpus > 0 then
    for _, p in ipairs(corpus) do
      local path = vim.fs.normalize(p)
      if vim.uv.fs_stat(path) then
        ok('corpus path: ' .. path)
      else
        warn('corpus path does not exist: ' .. path)
      end
    end
  else
    -- The rule the server and `sourced check` follow: from the draft's folder upward, the first
    -- sourced.toml that names a corpus, or sources/ folder; else the built-in articles.
    local name = vim.api.nvim_buf_get_name(0)
    local dir = (name ~= '' and vim.fs.dirname(vim.fs.normalize(name))) or vim.fn.getcwd()
    local found
    while dir and not found do
      local toml = dir .. '/sourced.toml'
      if vim.uv.fs_stat(toml) then
        for _, line in ipairs(vim.fn.readfile(toml)) do
          if line:match('^%s*corpus%s*=') then
            found = 'corpus named in ' .. toml
            break
          end
        end
      end
      if not found and vim.fn.isdirectory(dir .. '/sources') == 1 then
        found = 'sources folder ' .. dir .. '/sources'
      end
      local parent = vim.fs.dirname(dir)
      dir = parent ~= dir and parent or nil
    end
    if found then
      ok(found)
    else
      info('no sourced.toml naming a corpus and no sources/ folder above this file: the built-in articles are used')
    end
  end
  -- What the running server actually reads.
  for _, c in ipairs(sourced.clients()) do
    local params = { command = 'sourced.showSources', arguments = {} }
    local done, reply = pcall(function()
      if vim.fn.has('nvim-0.11') == 1 then
        return c:request_sync('workspace/executeCommand', params, 3000, 0)
      end
      return c.request_sync('workspace/executeCommand', params, 3000, 0)
    end)
    local files = done and reply and reply.result
    if type(files) == 'table' then
      ok(('client %d reads %d source document(s)'):format(c.id, #files))
    end
  end

  start('sourced: clients')
  local clients = sourced.clients()
  if #clients == 0 then
    info('no sourced client running (open a Markdown or text file)')
  end
  for _, c in ipairs(clients) do
    ok(('client %d, root %s, %d buffer(s)'):format(c.id, c.root_dir or c.config.root_dir or '?',
      vim.tbl_count(c.attached_buffers or {})))
  end
end

return M
