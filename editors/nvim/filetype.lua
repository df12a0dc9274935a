-- Neovim 0.8+ detects filetypes in Lua: a pattern is checked before the
-- extension, so *.bp.md is never taken for markdown. Older versions use
-- ftdetect/bluepencil.vim.
if vim.filetype and vim.filetype.add then
  vim.filetype.add({ pattern = { ['.*%.bp%.md'] = 'bluepencil' } })
end
