-- bluepencil: filetype detection, commands, <Plug> mappings and colours,
-- available whether the server is started by require('bluepencil').setup()
-- or by nvim-lspconfig.
if vim.g.loaded_bluepencil then
  return
end
vim.g.loaded_bluepencil = 1

require('bluepencil').plugin_init()
