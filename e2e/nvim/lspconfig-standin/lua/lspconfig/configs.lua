-- Stand-in for nvim-lspconfig's lspconfig.configs (see ../../README.md).
local configs = {}

local function attach(name, config, bufnr)
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local root = config.root_dir and config.root_dir(fname) or vim.fn.fnamemodify(fname, ':p:h')
  local client_config = {
    name = name,
    cmd = config.cmd,
    root_dir = root,
    settings = config.settings or {},
    -- As nvim-lspconfig does: declare workspace/configuration (Neovim 0.7
    -- does not), which Neovim answers from settings.
    capabilities = vim.tbl_deep_extend('keep', config.capabilities or vim.lsp.protocol.make_client_capabilities(),
      { workspace = { configuration = true } }),
    handlers = config.handlers,
    on_attach = config.on_attach,
    on_init = config.on_init,
    init_options = config.init_options,
    flags = config.flags,
  }
  if vim.lsp.start then
    vim.api.nvim_buf_call(bufnr, function()
      vim.lsp.start(client_config, { bufnr = bufnr })
    end)
    return
  end
  -- Neovim 0.7: one client per name and root.
  configs[name]._clients = configs[name]._clients or {}
  local id = configs[name]._clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(client_config)
    configs[name]._clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

return setmetatable(configs, {
  __newindex = function(t, name, def)
    local server = { name = name, document_config = def }
    function server.setup(user_config)
      local config = vim.tbl_deep_extend('keep', user_config or {}, def.default_config or {})
      server.manager = true
      local group = vim.api.nvim_create_augroup('lspconfig_' .. name, { clear = true })
      vim.api.nvim_create_autocmd('FileType', {
        group = group,
        pattern = config.filetypes,
        callback = function(args)
          attach(name, config, args.buf)
        end,
      })
      for _, buf in ipairs(vim.api.nvim_list_bufs()) do
        if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(config.filetypes or {}, vim.bo[buf].filetype) then
          attach(name, config, buf)
        end
      end
    end
    rawset(t, name, server)
  end,
})
