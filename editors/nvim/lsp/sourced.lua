-- Default client configuration for the sourced language server (Neovim 0.11+).
--
--   vim.lsp.enable('sourced')
--
-- Override fields with vim.lsp.config('sourced', { ... }) or require('sourced').setup({ ... }).
return {
  cmd = { 'sourced', 'lsp' },
  filetypes = { 'markdown', 'text' },
  root_markers = { 'sourced.toml', '.git' },
  settings = { sourced = vim.empty_dict() },
}
