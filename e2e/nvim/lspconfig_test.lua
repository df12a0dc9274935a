-- The README's nvim-lspconfig snippet, as written, in headless Neovim.
--
--   BLUEPENCIL_BIN=/path/to/bluepencil BLUEPENCIL_SNIPPET_FROM=README.md \
--     nvim --headless -u NONE -i NONE -n -c "luafile e2e/nvim/lspconfig_test.lua"
--
-- Run from the repository root. The snippet is the ```lua block after the
-- comment <!-- e2e:nvim-lspconfig --> in BLUEPENCIL_SNIPPET_FROM. It names
-- the server `bluepencil`, found on PATH, so BLUEPENCIL_BIN is put on PATH
-- under that name. nvim-lspconfig cannot be installed here (see
-- e2e/nvim/lspconfig-standin/README.md): the stand-in there takes its place.
-- Prints PASS/FAIL lines, then "lspconfig: N passed, M failed".

local api = vim.api
local WAIT_MS = 5000
local passed, failed = 0, 0

local function out(s)
  io.stdout:write(s .. '\n')
  io.stdout:flush()
end

local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    out('PASS ' .. name)
  else
    failed = failed + 1
    out('FAIL ' .. name .. (detail and (': ' .. tostring(detail)) or ''))
  end
  return ok
end

local watchdog = vim.loop.new_timer()
watchdog:start(20000, 0, function()
  out('FAIL watchdog: the test did not finish within 20 s')
  out(('lspconfig: %d passed, %d failed'):format(passed, failed + 1))
  os.exit(1)
end)

local notes = {}
vim.notify = function(msg, level)
  table.insert(notes, { msg = tostring(msg), level = level })
end

local function read(path)
  local f = assert(io.open(path, 'rb'))
  local s = f:read('*a')
  f:close()
  return s
end

-- snippet returns the ```lua block after the marker in the file at path.
local function snippet(path)
  local text = read(path)
  local at = text:find('<!-- e2e:nvim-lspconfig -->', 1, true)
  assert(at, path .. ' has no <!-- e2e:nvim-lspconfig --> marker')
  local body = text:sub(at):match('```lua\n(.-)\n```')
  assert(body, 'no ```lua block after the marker in ' .. path)
  return body
end

local function main()
  local repo = vim.loop.cwd()
  local from = os.getenv('BLUEPENCIL_SNIPPET_FROM') or 'README.md'
  local bin = assert(os.getenv('BLUEPENCIL_BIN'), 'BLUEPENCIL_BIN is not set')

  -- `bluepencil` on PATH, as the snippet expects.
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir .. '/bin', 'p')
  vim.fn.mkdir(dir .. '/news/.git', 'p')
  vim.loop.fs_symlink(vim.fn.fnamemodify(bin, ':p'), dir .. '/bin/bluepencil')
  vim.env.PATH = dir .. '/bin:' .. vim.env.PATH

  vim.opt.runtimepath:prepend(repo .. '/e2e/nvim/lspconfig-standin')
  vim.opt.runtimepath:prepend(repo .. '/editors/nvim')
  vim.o.swapfile = false
  vim.o.hidden = true
  vim.cmd('filetype plugin on')
  vim.cmd('runtime! plugin/bluepencil.lua')

  local code = snippet(from)
  local chunk, perr = load(code, '=' .. from .. ' nvim-lspconfig snippet')
  if not check('the snippet from ' .. from .. ' compiles', chunk ~= nil, perr) then
    return
  end
  local ok, rerr = pcall(chunk)
  if not check('the snippet runs', ok, rerr) then
    return
  end

  local article = dir .. '/news/sub/storm.bp.md'
  vim.fn.mkdir(dir .. '/news/sub', 'p')
  vim.fn.writefile({ 'The storm [...] hit the 😀 coast.', '', 'E 𐐀 select these words please.' }, article)
  vim.cmd('edit ' .. vim.fn.fnameescape(article))
  local buf = api.nvim_get_current_buf()
  check('filetype bluepencil', vim.bo[buf].filetype == 'bluepencil', vim.bo[buf].filetype)

  local client
  vim.wait(WAIT_MS, function()
    client = require('bluepencil').get_client(buf)
    return client ~= nil and client.initialized
  end, 10)
  if not check('a client named bluepencil is attached', client ~= nil) then
    return
  end
  check('its root is the folder holding .git', vim.fn.resolve(client.config.root_dir) == vim.fn.resolve(dir .. '/news'),
    client.config.root_dir)

  local got
  vim.wait(WAIT_MS, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == 'untracked-elision' then
        got = d
      end
    end
    return got ~= nil and got.severity == vim.diagnostic.severity.ERROR
  end, 10)
  check("the snippet's settings reach the server: untracked-elision is an error", got ~= nil
    and got.severity == vim.diagnostic.severity.ERROR, vim.inspect(got))
  local col = (api.nvim_buf_get_lines(buf, 0, 1, true)[1]:find('[...]', 1, true) or 0) - 1
  check('untracked-elision at its byte columns', got ~= nil and got.lnum == 0 and got.col == col and got.end_col == col + 5,
    got and (got.lnum .. ':' .. got.col .. '-' .. got.end_col))

  -- The plugin's commands find the client by its name.
  local line = api.nvim_buf_get_lines(buf, 2, 3, true)[1]
  local s = line:find('these', 1, true) - 1
  api.nvim_buf_set_mark(buf, '<', 3, s, {})
  api.nvim_buf_set_mark(buf, '>', 3, s + #'these words' - 1, {})
  vim.cmd("'<,'>BluepencilElide")
  vim.wait(WAIT_MS, function()
    return api.nvim_buf_get_lines(buf, 2, 3, true)[1] ~= line
  end, 10)
  check(':BluepencilElide works with the server nvim-lspconfig started',
    api.nvim_buf_get_lines(buf, 2, 3, true)[1] == 'E 𐐀 select {--these words--} please.',
    api.nvim_buf_get_lines(buf, 2, 3, true)[1])

  if vim.fn.has('nvim-0.11') == 1 then
    client:stop()
  else
    client.stop()
  end
  vim.wait(WAIT_MS, function()
    return vim.lsp.get_client_by_id(client.id) == nil
  end, 10)
  local shown = {}
  for _, n in ipairs(notes) do
    if n.level == nil or n.level >= vim.log.levels.WARN then
      table.insert(shown, n.msg)
    end
  end
  check('no warning or error shown', #shown == 0, vim.inspect(shown))
  vim.fn.delete(dir, 'rf')
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  check('test script ran without error', false, err)
end
watchdog:stop()
out(('lspconfig: %d passed, %d failed'):format(passed, failed))
if failed > 0 then
  vim.cmd('cquit 1')
else
  vim.cmd('qall!')
end
