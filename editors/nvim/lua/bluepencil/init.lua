-- bluepencil: the Neovim client of the bluepencil language server.
--
--   require('bluepencil').setup({
--     cmd = { 'bluepencil', 'serve' },
--     settings = { severity = { ['untracked-elision'] = 'error' }, elision = '[…]' },
--     on_attach = function(client, bufnr) ... end,
--     capabilities = ...,
--   })
--
-- setup() registers a FileType autocmd that starts one server per root
-- directory and reuses it for every article below that root. It works on
-- Neovim 0.7 (vim.lsp.start_client) and 0.8+ (vim.lsp.start).

local M = {}

M.name = 'bluepencil'
-- The module is not published, so `go install ...@latest` fails: the
-- server is installed from a checkout of the repository.
M.install_hint = 'go install ./cmd/bluepencil   (in a checkout of the bluepencil repository)'

local defaults = {
  cmd = { 'bluepencil', 'serve' },
  -- Files or folders whose presence marks the root of a set of articles.
  -- Without one, an article's own folder is its root.
  root_markers = { '.git', '.hg', '.jj' },
  -- function(bufnr, fname) -> directory; replaces root_markers if given.
  root_dir = nil,
  settings = {},
  filetypes = { 'bluepencil' },
  on_attach = nil,
  on_init = nil,
  capabilities = nil,
  init_options = nil,
  flags = { debounce_text_changes = 50 },
  handlers = nil,
}

M.config = vim.deepcopy(defaults)

-- Client ids by root directory, for Neovim 0.7 (0.8+ has vim.lsp.start,
-- which reuses a client with the same name and root by itself).
local clients_by_root = {}
-- Executables already reported missing, so that every article opened does
-- not repeat the same error.
local reported_missing = {}

local has_011 = vim.fn.has('nvim-0.11') == 1

-- Client methods are called with a colon from 0.11 on; 0.7 to 0.10 take a
-- dot. These wrappers hide the difference.
local function client_request(client, method, params, handler, bufnr)
  if has_011 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function client_is_stopped(client)
  if has_011 then
    return client:is_stopped()
  end
  return client.is_stopped()
end

M._client_request = client_request

-- normalize_settings returns the settings as sent to the server:
-- { bluepencil = { severity = {...}, elision = ... } }. Both that shape
-- and the bare section ({ severity = ..., elision = ... }) are accepted.
-- Empty tables become JSON objects, not arrays.
function M.normalize_settings(settings)
  settings = vim.deepcopy(settings or {})
  local section = settings
  if settings[M.name] ~= nil then
    section = settings[M.name]
  end
  if type(section) ~= 'table' then
    section = {}
  end
  if type(section.severity) == 'table' and next(section.severity) == nil then
    section.severity = vim.empty_dict()
  end
  if next(section) == nil then
    section = vim.empty_dict()
  end
  return { [M.name] = section }
end

-- lookup answers one workspace/configuration item from settings.
local function lookup(settings, section)
  if section == nil or section == '' then
    return settings
  end
  local value = settings
  for part in vim.gsplit(section, '.', true) do
    if type(value) ~= 'table' then
      return vim.NIL
    end
    value = value[part]
    if value == nil then
      return vim.NIL
    end
  end
  return value
end

-- configuration_handler answers workspace/configuration from the settings
-- given to setup() (or, for a client started elsewhere, its own settings).
function M.configuration_handler(_, result, ctx)
  local client = ctx and ctx.client_id and vim.lsp.get_client_by_id(ctx.client_id)
  local settings = (client and client.config and client.config.settings)
    or M.normalize_settings(M.config.settings)
  local response = {}
  for _, item in ipairs((result and result.items) or {}) do
    table.insert(response, lookup(settings, item.section))
  end
  return response
end

local function is_dir(path)
  local stat = vim.loop.fs_stat(path)
  return stat ~= nil and stat.type == 'directory'
end

local function exists(path)
  return vim.loop.fs_stat(path) ~= nil
end

local function dirname(path)
  local d = vim.fn.fnamemodify(path, ':h')
  return d
end

-- find_root walks up from the article's folder to the first folder holding
-- one of the markers, or returns the article's own folder.
function M.find_root(fname, markers)
  if fname == nil or fname == '' then
    return vim.loop.cwd()
  end
  fname = vim.fn.fnamemodify(fname, ':p')
  local start = is_dir(fname) and fname or dirname(fname)
  start = start:gsub('/+$', '')
  if start == '' then
    start = '/'
  end
  local dir = start
  while true do
    for _, marker in ipairs(markers or {}) do
      if exists(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = dirname(dir)
    if parent == dir or parent == '' then
      break
    end
    dir = parent
  end
  return start
end

local function root_for(bufnr)
  local fname = vim.api.nvim_buf_get_name(bufnr)
  if type(M.config.root_dir) == 'function' then
    local r = M.config.root_dir(bufnr, fname)
    if r then
      return r
    end
  elseif type(M.config.root_dir) == 'string' then
    return M.config.root_dir
  end
  return M.find_root(fname, M.config.root_markers)
end

-- check_cmd reports, once per executable, a cmd that cannot be run.
function M.check_cmd(cmd)
  if type(cmd) ~= 'table' or type(cmd[1]) ~= 'string' or cmd[1] == '' then
    vim.notify('bluepencil: setup({ cmd = ... }) must be a list such as { "bluepencil", "serve" }',
      vim.log.levels.ERROR)
    return false
  end
  if vim.fn.executable(cmd[1]) == 1 then
    return true
  end
  if not reported_missing[cmd[1]] then
    reported_missing[cmd[1]] = true
    vim.notify(string.format(
      'bluepencil: the language server %q was not found or is not executable. Install it with:\n  %s\n'
        .. 'and make sure $(go env GOPATH)/bin is on your PATH, or set cmd in require("bluepencil").setup().\n'
        .. 'Then run :checkhealth bluepencil.',
      cmd[1], M.install_hint), vim.log.levels.ERROR)
  end
  return false
end

local function make_capabilities()
  local caps = vim.lsp.protocol.make_client_capabilities()
  if M.config.capabilities then
    caps = vim.tbl_deep_extend('force', caps, M.config.capabilities)
  end
  -- Neovim 0.7 does not declare it, though it answers the request: the
  -- server then asks for the "bluepencil" section after initializing.
  caps.workspace = caps.workspace or {}
  caps.workspace.configuration = true
  return caps
end

-- client_config is the configuration of a client for root.
function M.client_config(root)
  local settings = M.normalize_settings(M.config.settings)
  local handlers = vim.tbl_extend('force', {
    ['workspace/configuration'] = M.configuration_handler,
  }, M.config.handlers or {})
  return {
    name = M.name,
    cmd = M.config.cmd,
    root_dir = root,
    settings = settings,
    handlers = handlers,
    capabilities = make_capabilities(),
    init_options = M.config.init_options,
    flags = vim.tbl_extend('force', { debounce_text_changes = 50 }, M.config.flags or {}),
    -- The settings are not pushed here: the server asks for them with
    -- workspace/configuration, which the handler above answers, and
    -- Neovim 0.8+ pushes a non-empty `settings` itself; a push here too sent
    -- them twice and made the server check every article twice at start-up.
    on_init = function(client, result)
      if M.config.on_init then
        M.config.on_init(client, result)
      end
    end,
    on_attach = function(client, bufnr)
      if M.config.on_attach then
        M.config.on_attach(client, bufnr)
      end
    end,
    on_exit = function(_, _, client_id)
      for r, id in pairs(clients_by_root) do
        if id == client_id then
          clients_by_root[r] = nil
        end
      end
    end,
  }
end

-- attach starts or reuses the server for bufnr's root and attaches bufnr.
-- It returns the client id, or nil if the server cannot be started.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not vim.api.nvim_buf_is_valid(bufnr) then
    return nil
  end
  if not M.check_cmd(M.config.cmd) then
    return nil
  end
  local root = root_for(bufnr)
  local config = M.client_config(root)
  if vim.lsp.start then
    local id
    vim.api.nvim_buf_call(bufnr, function()
      id = vim.lsp.start(config, { bufnr = bufnr })
    end)
    return id
  end
  -- Neovim 0.7: keep one client per root.
  local id = clients_by_root[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client_is_stopped(client) then
    id = vim.lsp.start_client(config)
    if not id then
      vim.notify('bluepencil: could not start ' .. table.concat(M.config.cmd, ' '), vim.log.levels.ERROR)
      return nil
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

-- get_client returns the bluepencil client attached to bufnr, if any:
-- started by setup(), by nvim-lspconfig or by vim.lsp.config.
function M.get_client(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local clients
  if vim.lsp.get_clients then
    clients = vim.lsp.get_clients({ bufnr = bufnr, name = M.name })
  else
    clients = {}
    for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
      if c.name == M.name then
        table.insert(clients, c)
      end
    end
  end
  return clients[1]
end

-- plugin_init does what plugin/bluepencil.lua does, for plugin managers
-- that add the plugin to 'runtimepath' after startup (plugin/ and ftdetect/
-- are then not sourced): filetype detection, commands, mappings, colours.
function M.plugin_init()
  if vim.filetype and vim.filetype.add then
    vim.filetype.add({ pattern = { ['.*%.bp%.md'] = 'bluepencil' } })
  end
  local group = vim.api.nvim_create_augroup('bluepencil_ftdetect', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufNewFile', 'BufRead' }, {
    group = group,
    pattern = '*.bp.md',
    desc = 'bluepencil articles are not plain markdown',
    callback = function(args)
      if vim.bo[args.buf].filetype ~= 'bluepencil' then
        vim.bo[args.buf].filetype = 'bluepencil'
      end
    end,
  })
  vim.api.nvim_create_autocmd('ColorScheme', {
    group = vim.api.nvim_create_augroup('bluepencil_colors', { clear = true }),
    desc = 'bluepencil default highlight groups',
    callback = function()
      require('bluepencil.highlight').define()
    end,
  })
  require('bluepencil.commands').define()
end

function M.setup(opts)
  opts = opts or {}
  M.config = vim.tbl_extend('force', vim.deepcopy(defaults), opts)
  M.plugin_init()
  local group = vim.api.nvim_create_augroup('bluepencil_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.config.filetypes,
    desc = 'Start or reuse the bluepencil language server',
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- Articles already open when setup() runs (a lazily loaded plugin):
  -- setting the filetype runs the autocmd above.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) then
      local ft = vim.bo[buf].filetype
      if vim.api.nvim_buf_get_name(buf):match('%.bp%.md$') and ft ~= 'bluepencil' then
        vim.bo[buf].filetype = 'bluepencil'
      elseif vim.tbl_contains(M.config.filetypes, ft) then
        M.attach(buf)
      end
    end
  end
end

-- The selection commands, for mappings written in Lua.
function M.elide()
  require('bluepencil.commands').run('elide')
end

function M.add()
  require('bluepencil.commands').run('add')
end

function M.modify()
  require('bluepencil.commands').run('modify')
end

return M
