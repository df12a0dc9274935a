-- :checkhealth bluepencil: what a new user needs to see when nothing
-- happens in an article. Works on Neovim 0.7 (require('health').report_*)
-- and 0.8+ (vim.health).

local M = {}

local h = vim.health or {}
local legacy = (not h.start) and require('health') or nil
local start = h.start or legacy.report_start
local ok = h.ok or legacy.report_ok
local warn = h.warn or legacy.report_warn
local err = h.error or legacy.report_error
local info = h.info or legacy.report_info

-- version_of runs `cmd[1] version` and returns its first line, or nil and
-- why not.
local function version_of(exe)
  local out = vim.fn.system({ exe, 'version' })
  if vim.v.shell_error ~= 0 then
    return nil, vim.trim(out)
  end
  return vim.trim(vim.split(out, '\n')[1] or '')
end

function M.check()
  local bp = require('bluepencil')

  start('Neovim')
  local v = vim.version()
  local version = string.format('%d.%d.%d', v.major, v.minor, v.patch)
  if vim.fn.has('nvim-0.7') == 1 then
    ok('Neovim ' .. version)
  else
    err('Neovim ' .. version .. ' is too old', { 'bluepencil needs Neovim 0.7 or later' })
  end

  start('Language server')
  local cmd = bp.config.cmd
  if type(cmd) ~= 'table' or type(cmd[1]) ~= 'string' or cmd[1] == '' then
    err('setup({ cmd = ... }) must be a list such as { "bluepencil", "serve" }, not ' .. vim.inspect(cmd))
  elseif vim.fn.executable(cmd[1]) ~= 1 then
    err(string.format('%q is not found or not executable', cmd[1]), {
      'Install it: ' .. bp.install_hint,
      'Put $(go env GOPATH)/bin on your PATH, or set cmd in require("bluepencil").setup()',
    })
  else
    local path = vim.fn.exepath(cmd[1])
    local ver, why = version_of(path)
    if ver then
      ok(string.format('%s found at %s: %s', cmd[1], path, ver))
    else
      warn(string.format('%s found at %s, but `%s version` failed: %s', cmd[1], path, cmd[1], why or ''))
    end
  end

  -- :checkhealth runs in a buffer of its own, so every article loaded is
  -- reported rather than the current buffer.
  start('Articles')
  local articles = {}
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.api.nvim_buf_get_name(buf):match('%.bp%.md$') then
      table.insert(articles, buf)
    end
  end
  if #articles == 0 then
    info('No article (*.bp.md) is loaded; open one and run :checkhealth bluepencil again')
  end
  for _, buf in ipairs(articles) do
    local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ':~:.')
    local ft = vim.bo[buf].filetype
    if vim.tbl_contains(bp.config.filetypes or {}, ft) then
      ok(name .. ': filetype ' .. ft)
    else
      err(name .. ': filetype ' .. (ft == '' and '(none)' or ft) .. ', not bluepencil', {
        'Call require("bluepencil").setup(), or keep editors/nvim on the runtimepath before filetype detection',
      })
    end
    local client = bp.get_client(buf)
    if client then
      ok(string.format('%s: client "%s" (id %d) attached, root %s', name, client.name, client.id,
        tostring(client.config and client.config.root_dir)))
    else
      err(name .. ': no bluepencil client is attached', {
        'Call require("bluepencil").setup(), or register the server with nvim-lspconfig (:help bluepencil-lspconfig)',
        "The server's errors are in the LSP log: :lua vim.cmd('edit ' .. vim.lsp.get_log_path())",
      })
    end
  end
end

return M
