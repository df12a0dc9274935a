-- Headless test of the bluepencil Neovim plugin, for Neovim 0.7.2 and later.
--
--   BLUEPENCIL_BIN=/path/to/bluepencil \
--   nvim --headless -u NONE -i NONE -n -c "set rtp+=editors/nvim" -c "luafile editors/nvim/test/setup_test.lua"
--
-- The server is started only through require('bluepencil').setup(). Each
-- check prints PASS or FAIL; the last line is "N passed, M failed", and the
-- exit status is non-zero on any failure or after 20 s.

local uv = vim.loop
local script = debug.getinfo(1, 'S').source:gsub('^@', '')
local test_dir = vim.fn.fnamemodify(script, ':p:h')
local plugin_dir = vim.fn.fnamemodify(test_dir, ':h')
local bin = os.getenv('BLUEPENCIL_BIN')
if not bin or bin == '' then
  bin = vim.fn.exepath('bluepencil')
end

local started = uv.hrtime()
local passed, failed = 0, 0
local finished = false

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

-- The watchdog runs in libuv's callback, outside the editor's main loop, so
-- that it fires even if a check never returns to it.
local watchdog = uv.new_timer()
watchdog:start(20000, 0, function()
  if finished then
    return
  end
  io.stdout:write('FAIL timeout: the test did not finish within 20 s\n')
  io.stdout:write(string.format('%d passed, %d failed\n', passed, failed + 1))
  io.stdout:flush()
  os.exit(1)
end)

-- Notifications are captured, to check the warnings and errors shown to
-- users, and printed as they come, each on its own line.
local notes = {}
vim.notify = function(msg, level)
  table.insert(notes, { msg = msg, level = level })
  out('  notify(' .. tostring(level) .. '): ' .. tostring(msg):gsub('\n', ' | '))
end

local function finish()
  finished = true
  watchdog:stop()
  local all = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, c in ipairs(all()) do
    if vim.fn.has('nvim-0.11') == 1 then
      c:stop()
    else
      c.stop()
    end
  end
  vim.wait(2000, function()
    return #all() == 0
  end, 20)
  vim.wait(100) -- let Neovim report how each server exited
  out(string.format('  took %.1f s', (uv.hrtime() - started) / 1e9))
  out(string.format('%d passed, %d failed', passed, failed))
  if failed == 0 then
    vim.cmd('qall!')
  else
    vim.cmd('cquit 1')
  end
end

local function run()
  vim.opt.runtimepath:prepend(plugin_dir)
  vim.o.hidden = true
  vim.o.swapfile = false
  vim.o.shortmess = vim.o.shortmess .. 'F'
  vim.cmd('filetype plugin on')
  vim.cmd('syntax on')
  vim.cmd('runtime! plugin/bluepencil.lua')

  check('server binary exists (' .. tostring(bin) .. ')', bin ~= '' and vim.fn.executable(bin) == 1)

  -- Every notification the client sends, by method, to count the settings
  -- sent at start-up: vim.lsp.rpc.start is looked up when a client starts
  -- (0.7 and 0.10 alike), and its result's notify carries them all.
  local sent = {}
  local rpc_start = vim.lsp.rpc.start
  vim.lsp.rpc.start = function(...)
    local rpc = rpc_start(...)
    local notify = rpc.notify
    rpc.notify = function(method, params)
      sent[method] = (sent[method] or 0) + 1
      return notify(method, params)
    end
    return rpc
  end

  require('bluepencil').setup({
    cmd = { bin, 'serve' },
    settings = { severity = { ['untracked-elision'] = 'error' }, elision = '[…]' },
  })

  local article = test_dir .. '/article.bp.md'
  vim.cmd('edit ' .. vim.fn.fnameescape(article))
  local buf = vim.api.nvim_get_current_buf()
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)

  -- find returns the 1-based line and 0-based byte column of text.
  local function find(text, b)
    b = b or buf
    for i, l in ipairs(vim.api.nvim_buf_get_lines(b, 0, -1, false)) do
      local s = l:find(text, 1, true)
      if s then
        return i, s - 1
      end
    end
    error('not in the buffer: ' .. text)
  end

  -- 1. Filetype and syntax.
  check('filetype of *.bp.md is bluepencil', vim.bo[buf].filetype == 'bluepencil', vim.bo[buf].filetype)
  check('b:current_syntax is bluepencil', vim.b.current_syntax == 'bluepencil', vim.b.current_syntax)

  local function syn_at(text, offset)
    local l, c = find(text)
    local id = vim.fn.synID(l, c + 1 + (offset or 0), 1)
    return vim.fn.synIDattr(id, 'name')
  end
  local syn_cases = {
    { 'of West Arden', 0, 'bluepencilAdded' },
    { 'Kestrel Bay++}', 0, 'bluepencilAdded' }, -- inside a heading
    { '{++of West', 0, 'bluepencilAdditionDelimiter' },
    { 'ferocious', 0, 'bluepencilDeleted' },
    { '{--ferocious', 0, 'bluepencilElisionDelimiter' },
    { 'Sunday night', 0, 'bluepencilOld' },
    { '~>the night', 0, 'bluepencilArrow' },
    { 'the night of 2', 0, 'bluepencilNew' },
    { 'Checked on', 0, 'bluepencilNote' },
    { 'We had perhaps', 0, 'bluepencilHighlight' },
    { '[...]', 1, 'bluepencilBareElision' },
  }
  for _, sc in ipairs(syn_cases) do
    local got = syn_at(sc[1], sc[2])
    check(string.format('syntax at %q is %s', sc[1], sc[3]), got == sc[3], got)
  end
  local no_marks = {
    { 'not a mark', 'a code span' },
    { 'not an addition in a code block', 'a fenced code block' },
    { 'not cut', 'an escaped mark' },
    { '[...](https', 'a link whose text is [...]' },
  }
  for _, nm in ipairs(no_marks) do
    local got = syn_at(nm[1], 1)
    check('no mark inside ' .. nm[2], not got:find('^bluepencil'), got)
  end
  local second = syn_at('passed++}')
  check('a mark over two lines is coloured on both', second == 'bluepencilAdded', second)

  local function hl(group, what, mode)
    return vim.fn.synIDattr(vim.fn.synIDtrans(vim.fn.hlID(group)), what, mode)
  end
  local blues = { ['#1e40af'] = true, ['#60a5fa'] = true }
  check('bluepencilAdded is blue', blues[hl('bluepencilAdded', 'fg#', 'gui')] ~= nil
    and hl('bluepencilAdded', 'fg', 'cterm') ~= '',
    hl('bluepencilAdded', 'fg#', 'gui') .. ' / ' .. hl('bluepencilAdded', 'fg', 'cterm'))
  check('bluepencilNew is blue', blues[hl('bluepencilNew', 'fg#', 'gui')] ~= nil, hl('bluepencilNew', 'fg#', 'gui'))
  check('bluepencilDeleted is struck through', hl('bluepencilDeleted', 'strikethrough', 'gui') == '1')
  check('bluepencilNote is a Comment', hl('bluepencilNote', 'name') == 'Comment', hl('bluepencilNote', 'name'))

  -- 2. The client.
  local bp = require('bluepencil')
  local client
  vim.wait(5000, function()
    client = bp.get_client(buf)
    return client ~= nil and client.initialized == true
  end, 10)
  local exits = {}
  for _, n in ipairs(notes) do
    if tostring(n.msg):find('quit with exit code', 1, true) then
      table.insert(exits, n.msg)
    end
  end
  if not check('client "bluepencil" attached and initialized', client ~= nil and client.initialized,
    #exits > 0 and ('the server died: ' .. table.concat(exits, '; ') .. ' (status 2 is a Go panic; see lsp.log)') or nil) then
    return
  end
  local enc = client.offset_encoding or 'utf-16'
  out('  offset_encoding: ' .. enc .. ', nvim ' .. tostring(vim.version().major) .. '.' .. tostring(vim.version().minor)
    .. '.' .. tostring(vim.version().patch))
  check('debounce_text_changes is small', (client.config.flags.debounce_text_changes or 150) <= 50,
    client.config.flags.debounce_text_changes)

  -- 3. Diagnostics, with the severity set in settings.
  local untracked
  vim.wait(5000, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == 'untracked-elision' and d.severity == vim.diagnostic.severity.ERROR then
        untracked = d
      end
    end
    return untracked ~= nil
  end, 10)
  local diags = vim.diagnostic.get(buf)
  check('diagnostics appear', #diags > 0, #diags)
  check('untracked-elision is an error, as settings say', untracked ~= nil, vim.inspect(diags))
  if untracked then
    local l, c = find('[...]')
    check('untracked-elision is on the [...]', untracked.lnum == l - 1 and untracked.col == c,
      untracked.lnum .. ':' .. untracked.col)
  end

  check('the settings are sent once at start-up', (sent['workspace/didChangeConfiguration'] or 0) <= 1,
    vim.inspect(sent))

  -- :checkhealth bluepencil, in the buffer it opens.
  local ok_health, health_err = pcall(vim.cmd, 'silent checkhealth bluepencil')
  local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  check(':checkhealth bluepencil runs', ok_health, health_err)
  local v = vim.version()
  for _, want in ipairs({
    'Neovim ' .. string.format('%d.%d.%d', v.major, v.minor, v.patch),
    'found at ' .. vim.fn.exepath(bin) .. ': bluepencil ',
    'article.bp.md: filetype bluepencil',
    'article.bp.md: client "bluepencil" (id ' .. client.id .. ') attached',
  }) do
    check(':checkhealth bluepencil reports ' .. want, report:find(want, 1, true) ~= nil, report)
  end
  check(':checkhealth bluepencil reports no error', not report:find('ERROR', 1, true), report)
  if os.getenv('BLUEPENCIL_SHOW_HEALTH') then
    out(report)
  end
  if vim.api.nvim_get_current_buf() ~= buf then
    vim.cmd('bwipeout!')
    pcall(vim.cmd, 'tabclose')
  end
  vim.api.nvim_set_current_buf(buf)

  -- An article loaded in no window (:badd, then bufload) is attached and
  -- gets its diagnostics, at exact positions after 😀 and 𐐀.
  local hidden = vim.fn.tempname() .. '.bp.md'
  vim.fn.writefile({ 'Hidden 😀 𐐀 {++never closed' }, hidden)
  vim.cmd('badd ' .. vim.fn.fnameescape(hidden))
  local hbuf = vim.fn.bufnr(hidden)
  vim.fn.bufload(hbuf)
  local hd
  vim.wait(5000, function()
    for _, d in ipairs(vim.diagnostic.get(hbuf)) do
      if d.code == 'unclosed-mark' then
        hd = d
      end
    end
    return hd ~= nil
  end, 10)
  local hcol = ('Hidden 😀 𐐀 '):len()
  check('an article loaded in no window has its diagnostics', vim.fn.bufwinid(hbuf) == -1 and hd ~= nil
    and hd.lnum == 0 and hd.col == hcol and hd.end_col == hcol + 3, hd and (hd.lnum .. ':' .. hd.col .. '-' .. hd.end_col))

  -- 4. workspace/configuration answered from settings.
  local handler = client.config.handlers and client.config.handlers['workspace/configuration']
  local answer = handler and handler(nil, { items = { { section = 'bluepencil' }, { section = 'bluepencil.elision' }, { section = 'nope' } } },
    { client_id = client.id, method = 'workspace/configuration' })
  check('workspace/configuration handler answers from settings', answer ~= nil
    and type(answer[1]) == 'table' and answer[1].severity['untracked-elision'] == 'error'
    and answer[2] == '[…]' and answer[3] == vim.NIL, vim.inspect(answer))

  -- 5. Hover.
  local function hover_at(text, offset)
    local l, c = find(text)
    vim.api.nvim_win_set_cursor(0, { l, c + (offset or 0) })
    local params = vim.lsp.util.make_position_params(0, enc)
    local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 3000) or {}
    for _, r in pairs(res) do
      if r.result and r.result.contents then
        local v = r.result.contents
        return type(v) == 'table' and (v.value or vim.inspect(v)) or tostring(v)
      end
    end
    return ''
  end
  local h = hover_at('ferocious', 2)
  check('hover on an elision shows the cut words', h:find('ferocious', 1, true) ~= nil, h)
  check('hover shows the elision marker from settings', h:find('[…]', 1, true) ~= nil, h)

  -- 6. :BluepencilElide on a charwise selection, on a line with é and 𐐀
  -- (two UTF-16 units), set with nvim_buf_set_mark.
  local function wait_line(pattern)
    local got
    vim.wait(5000, function()
      for _, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
        if l:find(pattern, 1, true) then
          got = l
          return true
        end
      end
      return false
    end, 10)
    return got
  end
  local l, c = find('very hasty')
  vim.api.nvim_buf_set_mark(buf, '<', l, c, {})
  vim.api.nvim_buf_set_mark(buf, '>', l, c + #'very hasty' - 1, {})
  vim.cmd("'<,'>BluepencilElide")
  local got = wait_line('{--very hasty--}')
  check(":'<,'>BluepencilElide wraps the selection in {--…--}",
    got == 'Café owners said the 𐐀 décision was {--very hasty--} indeed.', got or vim.api.nvim_buf_get_lines(buf, l - 1, l, false)[1])
  h = hover_at('very hasty')
  check('the server follows the edit (hover on the new elision)', h:find('very hasty', 1, true) ~= nil, h)

  -- 7. :BluepencilAdd after a real visual selection (normal! v).
  l, c = find('900 residents')
  vim.api.nvim_win_set_cursor(0, { l, c })
  vim.cmd('execute "normal! vee\\<Esc>"') -- :normal leaves Visual mode on
  vim.cmd("'<,'>BluepencilAdd")
  got = wait_line('{++900 residents++}')
  check(":'<,'>BluepencilAdd after normal! v wraps the selection in {++…++}", got ~= nil,
    vim.api.nvim_buf_get_lines(buf, l - 1, l, false)[1])

  -- 8. :BluepencilModify without a range uses the last selection, and
  -- leaves the cursor on the new side.
  l, c = find('on Tuesday')
  vim.api.nvim_buf_set_mark(buf, '<', l, c + 3, {})
  vim.api.nvim_buf_set_mark(buf, '>', l, c + 3 + #'Tuesday' - 1, {})
  vim.cmd('BluepencilModify')
  got = wait_line('{~~Tuesday~>Tuesday~~}')
  check(':BluepencilModify wraps the selection in {~~old~>old~~}', got ~= nil,
    vim.api.nvim_buf_get_lines(buf, l - 1, l, false)[1])
  if got then
    local cur = vim.api.nvim_win_get_cursor(0)
    local line = vim.api.nvim_buf_get_lines(buf, cur[1] - 1, cur[1], false)[1]
    check('cursor is on the new side after :BluepencilModify',
      line:sub(cur[2] - 1, cur[2]) == '~>', line:sub(cur[2] + 1))
  end

  -- 9. The <Plug> mapping.
  check('<Plug>(bluepencil-elide) is mapped in visual mode', vim.fn.maparg('<Plug>(bluepencil-elide)', 'x') ~= '')
  l, c = find('the volunteers')
  vim.api.nvim_win_set_cursor(0, { l, c + 4 })
  local keys = vim.api.nvim_replace_termcodes('ve<Plug>(bluepencil-elide)', true, false, true)
  vim.api.nvim_feedkeys(keys, 'mx', false)
  got = wait_line('the {--volunteers--} at')
  check('<Plug>(bluepencil-elide) elides the selection', got ~= nil, vim.api.nvim_buf_get_lines(buf, l - 1, l, false)[1])

  -- 10. A selection that cuts through a mark is refused, with a warning.
  local before = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
  l, c = find('ferocious--} storm')
  vim.api.nvim_buf_set_mark(buf, '<', l, c + 2, {})
  vim.api.nvim_buf_set_mark(buf, '>', l, c + #'ferocious--} st' - 1, {})
  local n_notes = #notes
  vim.cmd("'<,'>BluepencilElide")
  vim.wait(3000, function()
    return #notes > n_notes
  end, 10)
  local after = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
  local note = notes[n_notes + 1]
  check('a selection through a mark is refused with a warning', before == after and note ~= nil
    and note.level == vim.log.levels.WARN and note.msg:find('not possible', 1, true) ~= nil,
    note and note.msg or 'no notification')

  -- 11. One server per root, reused for every article below it.
  local tmp = vim.fn.tempname()
  vim.fn.mkdir(tmp .. '/proj/.git', 'p')
  vim.fn.mkdir(tmp .. '/proj/a', 'p')
  vim.fn.mkdir(tmp .. '/proj/b', 'p')
  vim.fn.mkdir(tmp .. '/other', 'p')
  local function open(path, text, no_wait)
    vim.fn.writefile({ text }, path)
    vim.cmd('edit ' .. vim.fn.fnameescape(path))
    local b = vim.api.nvim_get_current_buf()
    local cl
    vim.wait(no_wait and 0 or 5000, function()
      cl = bp.get_client(b)
      return cl ~= nil
    end, 10)
    return b, cl
  end
  local _, c1 = open(tmp .. '/proj/a/one.bp.md', 'One {--cut--} here.')
  local _, c2 = open(tmp .. '/proj/b/two.bp.md', 'Two {++added++} here.')
  local _, c3 = open(tmp .. '/other/three.bp.md', 'Three [...] here.')
  local proj = vim.fn.resolve(tmp .. '/proj')
  check('articles below one root share one server', c1 ~= nil and c2 ~= nil and c1.id == c2.id and c1.id ~= client.id)
  check('the root is the folder holding .git', c1 ~= nil and vim.fn.resolve(c1.config.root_dir) == proj,
    c1 and c1.config.root_dir)
  check('another root gets its own server', c3 ~= nil and c1 ~= nil and c3.id ~= c1.id
    and vim.fn.resolve(c3.config.root_dir) == vim.fn.resolve(tmp .. '/other'), c3 and c3.config.root_dir)

  -- 12. Plain Markdown stays markdown.
  vim.cmd('edit ' .. vim.fn.fnameescape(tmp .. '/notes.md'))
  check('*.md (not .bp.md) stays markdown', vim.bo.filetype == 'markdown', vim.bo.filetype)

  -- 13. A missing executable is reported with the install command.
  n_notes = #notes
  bp.setup({ cmd = { tmp .. '/no-such-bluepencil', 'serve' } })
  local b4 = open(tmp .. '/other/four.bp.md', 'Four.', true)
  local err
  for i = n_notes + 1, #notes do
    if notes[i].level == vim.log.levels.ERROR then
      err = notes[i].msg
    end
  end
  check('a missing server is reported with the install command that works', err ~= nil
    and err:find('go install ./cmd/bluepencil', 1, true) ~= nil and not err:find('@latest', 1, true), err)
  -- And :checkhealth says the same.
  vim.cmd('silent checkhealth bluepencil')
  local missing_report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  check(':checkhealth bluepencil reports the missing server', missing_report:find('no-such-bluepencil', 1, true) ~= nil
    and missing_report:find('ERROR', 1, true) ~= nil, missing_report)
  vim.cmd('bwipeout!')
  pcall(vim.cmd, 'tabclose')
  check('no client is attached when the server is missing', bp.get_client(b4) == nil)

  -- 14. :help bluepencil, on a copy of doc/ (helptags writes a tags file).
  local rt = tmp .. '/rt'
  vim.fn.mkdir(rt .. '/doc', 'p')
  vim.fn.writefile(vim.fn.readfile(plugin_dir .. '/doc/bluepencil.txt'), rt .. '/doc/bluepencil.txt')
  local ok_tags, tags_err = pcall(vim.cmd, 'helptags ' .. vim.fn.fnameescape(rt .. '/doc'))
  vim.opt.runtimepath:append(rt)
  local tags = ok_tags and table.concat(vim.fn.readfile(rt .. '/doc/tags'), '\n') or ''
  check('helptags succeeds', ok_tags, tags_err)
  for _, tag in ipairs({ 'bluepencil', 'bluepencil.setup()', ':BluepencilElide', ':BluepencilAdd',
    ':BluepencilModify', '<Plug>(bluepencil-elide)', 'bluepencil-lspconfig' }) do
    check('help tag ' .. tag, tags:find('\n' .. vim.pesc(tag) .. '\t') ~= nil or tags:find('^' .. vim.pesc(tag) .. '\t') ~= nil)
  end
  local ok_help, help_err = pcall(vim.cmd, 'help bluepencil')
  check(':help bluepencil opens doc/bluepencil.txt', ok_help and vim.api.nvim_buf_get_name(0):find('bluepencil%.txt$') ~= nil,
    help_err or vim.api.nvim_buf_get_name(0))
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  check('test script ran without error', false, err)
end
finish()
