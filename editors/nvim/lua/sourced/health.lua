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
    local toml = vim.fs.find('sourced.toml', { upward = true, path = vim.fn.getcwd() })[1]
    if toml then
      ok('corpus from ' .. toml)
    else
      info('no corpus configured and no sourced.toml found: the built-in corpus is used')
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
