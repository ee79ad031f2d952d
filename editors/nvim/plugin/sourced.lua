if vim.g.loaded_sourced then
  return
end
vim.g.loaded_sourced = true

-- The commands are available even when the server is enabled with vim.lsp.enable('sourced') alone.
vim.api.nvim_create_user_command('SourcedReindex', function()
  require('sourced').reindex()
end, { desc = 'sourced: reindex the source documents' })
vim.api.nvim_create_user_command('SourcedSources', function()
  require('sourced').sources()
end, { desc = 'sourced: list the source documents and open one' })
vim.api.nvim_create_user_command('SourcedReport', function()
  require('sourced').report()
end, { desc = 'sourced: open the review report of this draft in the browser' })
