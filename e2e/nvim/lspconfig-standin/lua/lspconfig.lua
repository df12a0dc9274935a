-- Stand-in for nvim-lspconfig's top module (see ../README.md): util, and
-- every server registered in lspconfig.configs by its name.
local configs = require('lspconfig.configs')

return setmetatable({ util = require('lspconfig.util') }, {
  __index = function(_, name)
    return configs[name]
  end,
})
