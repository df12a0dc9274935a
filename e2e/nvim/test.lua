-- End-to-end test of `bluepencil serve` through Neovim's built-in LSP
-- client, 0.7 (Debian 12) and 0.10 (e2e/run.sh runs both). Run headless from the repository root:
--
--   BLUEPENCIL_BIN=/path/to/bluepencil \
--     nvim --headless -u NONE -i NONE -n -c "luafile e2e/nvim/test.lua"
--
-- Without BLUEPENCIL_BIN the script builds the server with `go build`.
-- Prints one PASS or FAIL line per check, then "nvim: N passed, M failed",
-- and exits 0 only if every check passed. A watchdog ends the run with
-- failure after WATCHDOG_MS whatever happens.

local api = vim.api
local util = vim.lsp.util

local WATCHDOG_MS = tonumber(os.getenv('BLUEPENCIL_E2E_TIMEOUT_MS') or '') or 20000
local WAIT_MS = 5000 -- the longest any single wait may take

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
    out('FAIL ' .. name .. (detail and (': ' .. detail) or ''))
  end
  return ok
end

local function eq(name, got, want)
  return check(name, vim.deep_equal(got, want), ('got %s, want %s'):format(vim.inspect(got), vim.inspect(want)))
end

local function summary()
  out(('nvim: %d passed, %d failed'):format(passed, failed))
end

-- The watchdog runs on libuv's loop, so it fires even if the main script is
-- stuck: os.exit is the only safe way out from there.
local watchdog = vim.loop.new_timer()
local server_pid -- killed by the watchdog, which cannot shut the server down
watchdog:start(WATCHDOG_MS, 0, function()
  if server_pid then
    vim.loop.kill(server_pid, 'sigkill')
  end
  failed = failed + 1
  out(('FAIL watchdog: the test did not finish within %d ms'):format(WATCHDOG_MS))
  summary()
  os.exit(1)
end)

-- Fixtures -----------------------------------------------------------------

local dir = vim.fn.tempname()
vim.fn.mkdir(dir, 'p')

local function write_file(path, text)
  local f = assert(io.open(path, 'wb'))
  f:write(text)
  f:close()
end

-- Every mark of interest sits after an astral character (😀 U+1F600 and
-- 𐐀 U+10400: 4 bytes in UTF-8, 2 units in UTF-16) so that byte columns,
-- UTF-16 characters and code points all differ.
local ARTICLE = table.concat({
  '---',
  'title: Storm test',
  '---',
  'Plain first line.',
  'A 😀 and 𐐀 then {--cut words stay', -- 4: unclosed-mark
  '',
  'B 😀𐐀 {--ferocious--} storm flooded the harbour.', -- 6: hover
  '',
  'C 𐐀 é the mayor thanked --} the volunteers.', -- 8: stray-closer
  '',
  'D 😀 edit {--cut--} here.', -- 10: edited in the middle of the mark
  '',
  'E 😀 select these words please.', -- 12: "Elide selection"
  '',
  'F 𐐀 mark these too.', -- 14: "Mark as addition" through the UI path
  '',
}, '\n')

local CRLF = table.concat({
  'Title 😀',
  'A 😀 𐐀 {--x--} ok --} y', -- 1: stray-closer
  '',
  'The council {--voted to close the pool and the library', -- 3: unclosed-mark
  '',
}, '\r\n')

-- An article loaded without a window, and one checked against an original
-- that is then saved from Neovim.
local HIDDEN = 'Hidden 😀 𐐀 {++never closed\n'
local ORIGINAL = 'The ferry 😀 left the harbour at dawn.\n'
local FIDELITY = '---\noriginal: original.txt\n---\nThe ferry 😀 left the harbour at noon.\n'

-- Inlay hints: the words behind a bare [...] (from the original) and the
-- dates behind relative ones (from published:).
local HINTS_ORIGINAL = 'The storm 😀 hit yesterday. Roads 𐐀 were closed for days.\n'
local HINTS = '---\npublished: 2025-11-07\noriginal: hints.txt\n---\nThe storm 😀 hit yesterday. Roads 𐐀 were closed [...].\n'
local hints_path = dir .. '/hints.bp.md'
write_file(dir .. '/hints.txt', HINTS_ORIGINAL)
write_file(hints_path, HINTS)

-- Completion: the marks after "{" (after 😀𐐀), replacements after "~>",
-- and the text files beside the article for original:.
local COMPLETE = '---\ntitle: T\noriginal: \n---\nThe 😀 𐐀 {\nThe {~~regime~>~~} fell.\n'
local complete_path = dir .. '/complete.bp.md'
write_file(complete_path, COMPLETE)

local article_path = dir .. '/article.bp.md'
local hidden_path = dir .. '/hidden.bp.md'
local original_path = dir .. '/original.txt'
local fidelity_path = dir .. '/fidelity.bp.md'
write_file(hidden_path, HIDDEN)
write_file(original_path, ORIGINAL)
write_file(fidelity_path, FIDELITY)
local crlf_path = dir .. '/crlf.bp.md'
write_file(article_path, ARTICLE)
write_file(crlf_path, CRLF)

-- Helpers ------------------------------------------------------------------

local function line_of(buf, row)
  return api.nvim_buf_get_lines(buf, row, row + 1, true)[1]
end

-- Byte column (0-based) of the first occurrence of needle on the line.
local function bytecol(buf, row, needle)
  local s = line_of(buf, row):find(needle, 1, true)
  assert(s, ('%q not found on line %d'):format(needle, row))
  return s - 1
end

-- UTF-16 character (0-based) of a byte column.
local function utf16(buf, row, col)
  local _, u16 = vim.str_utfindex(line_of(buf, row), col)
  return u16
end

local function diags(buf, code)
  local t = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code == nil or d.code == code then
      table.insert(t, d)
    end
  end
  table.sort(t, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  return t
end

-- Raw publishDiagnostics params per URI, and the version each carried.
local published = {}

-- The server's exit, and its stderr: Neovim 0.7 passes each stderr chunk to
-- vim.lsp.log.error, looked up at call time, so wrapping it captures them.
local server = { exited = false, stopping = false, stderr = '' }

local function capture_stderr()
  local log = require('vim.lsp.log')
  local log_error = log.error
  log.error = function(...)
    local args = { ... }
    if args[1] == 'rpc' and args[3] == 'stderr' and type(args[4]) == 'string' then
      server.stderr = server.stderr .. args[4]
    end
    return log_error(...)
  end
end

-- The first lines of a Go panic in the server's stderr, if any.
local function panic_text()
  local at = server.stderr:find('panic:', 1, true) or server.stderr:find('fatal error:', 1, true)
  if not at then
    return nil
  end
  local lines = vim.tbl_filter(function(l)
    return l ~= ''
  end, vim.split(server.stderr:sub(at), '\n'))
  return table.concat(vim.list_slice(lines, 1, 6), ' | ')
end

-- Aborts the test when the server died before it was asked to stop: every
-- later check would only time out.
local function assert_alive()
  if server.exited and not server.stopping then
    error(('the server exited unexpectedly with code %s%s'):format(tostring(server.code),
      panic_text() and (': ' .. panic_text()) or ''), 0)
  end
end

local function uri_of(buf)
  return vim.uri_from_bufnr(buf)
end

-- Waits until the server has published diagnostics for the buffer's
-- current version (the server sends `version` in every publish).
local function wait_synced(buf, what)
  local ok = vim.wait(WAIT_MS, function()
    local p = published[uri_of(buf)]
    return server.exited or (p ~= nil and p.version == util.buf_versions[buf])
  end, 10)
  assert_alive()
  if not ok then
    local p = published[uri_of(buf)]
    check('diagnostics published for the current version (' .. what .. ')', false,
      ('buffer version %s, last published %s'):format(tostring(util.buf_versions[buf]), p and tostring(p.version) or 'none'))
  end
  return ok
end

local function raw_diag(buf, code)
  local p = published[uri_of(buf)]
  for _, d in ipairs(p and p.diagnostics or {}) do
    if d.code == code then
      return d
    end
  end
end

local function request(buf, method, params)
  assert_alive()
  local res, err = vim.lsp.buf_request_sync(buf, method, params, WAIT_MS)
  assert_alive()
  if not res then
    return nil, err or 'no answer'
  end
  for _, r in pairs(res) do
    if r.err then
      return nil, vim.inspect(r.err)
    end
    return r.result
  end
  return nil, 'empty answer'
end

local function hover_at(buf, row, col)
  api.nvim_win_set_buf(0, buf)
  api.nvim_win_set_cursor(0, { row + 1, col })
  return request(buf, 'textDocument/hover', util.make_position_params())
end

local function find_action(actions, title)
  for _, a in ipairs(actions or {}) do
    if a.title == title then
      return a
    end
  end
end

local function titles(actions)
  local t = {}
  for _, a in ipairs(actions or {}) do
    table.insert(t, a.title)
  end
  return t
end

-- The test -----------------------------------------------------------------

-- What Neovim shows the user: every vim.notify, and every message echoed as
-- an error (0.10 reports an LSP error answer with vim.notify).
local notes = {}
local function capture_notify()
  vim.notify = function(msg, level)
    table.insert(notes, { msg = tostring(msg), level = level })
  end
end

local function errors_shown()
  local t = {}
  for _, n in ipairs(notes) do
    if n.level == nil or n.level >= vim.log.levels.WARN then
      table.insert(t, n.msg)
    end
  end
  return t
end

-- Waits until the diagnostics of buf satisfy pred.
local function wait_diags(buf, pred)
  local ok = vim.wait(WAIT_MS, function()
    return server.exited or pred(vim.diagnostic.get(buf))
  end, 10)
  assert_alive()
  return ok
end

local function has_code(list, code, severity)
  for _, d in ipairs(list) do
    if d.code == code and (severity == nil or d.severity == severity) then
      return true
    end
  end
  return false
end

local function main()
  capture_stderr()
  capture_notify()
  local bin = os.getenv('BLUEPENCIL_BIN')
  if not bin or bin == '' then
    bin = dir .. '/bluepencil'
    local root = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h:h')
    local outp = vim.fn.system({ 'go', 'build', '-C', root, '-o', bin, './cmd/bluepencil' })
    assert(vim.v.shell_error == 0, 'go build failed: ' .. outp)
  end

  local cmd = { bin, 'serve', '--stdio' }
  local log = os.getenv('BLUEPENCIL_E2E_LOG')
  if log and log ~= '' then
    vim.list_extend(cmd, { '--log', log, '--log-level', 'debug' })
  end
  local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
  local init_result
  -- Neovim shows code lenses (vim.lsp.codelens) but does not declare them,
  -- and the server offers only what a client declares: a user adds it.
  local capabilities = vim.lsp.protocol.make_client_capabilities()
  capabilities.textDocument.codeLens = { dynamicRegistration = false }
  local client_id = vim.lsp.start_client({
    name = 'bluepencil',
    cmd = cmd,
    capabilities = capabilities,
    root_dir = dir,
    flags = { debounce_text_changes = 0 },
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        published[result.uri] = result
        return default_publish(err, result, ctx, config)
      end,
    },
    on_init = function(_, result)
      init_result = result
    end,
    on_exit = function(code)
      server.exited, server.code = true, code
    end,
  })
  assert(client_id, 'start_client failed')
  local client = vim.lsp.get_client_by_id(client_id)
  server_pid = client.rpc and client.rpc.pid

  vim.cmd('edit ' .. vim.fn.fnameescape(article_path))
  local buf = api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'markdown'
  vim.lsp.buf_attach_client(buf, client_id)

  check('server initializes', vim.wait(WAIT_MS, function()
    return init_result ~= nil or server.exited
  end, 10) and init_result ~= nil)
  eq('server answers positionEncoding utf-16 to a client that offers none',
    init_result and init_result.capabilities.positionEncoding, 'utf-16')
  eq('client speaks utf-16', client.offset_encoding, 'utf-16')

  -- 1. Diagnostics at the right place ------------------------------------
  check('diagnostics arrive after didOpen', wait_synced(buf, 'open'))
  local u = diags(buf, 'unclosed-mark')
  local want_col = bytecol(buf, 4, '{--')
  eq('unclosed-mark: one, on line 4', #u == 1 and u[1].lnum, 4)
  eq('unclosed-mark: byte columns in vim.diagnostic', u[1] and { u[1].col, u[1].end_col }, { want_col, want_col + 3 })
  local rd = raw_diag(buf, 'unclosed-mark')
  eq('unclosed-mark: UTF-16 characters on the wire', rd and { rd.range.start.character, rd.range['end'].character },
    { 17, 20 })
  eq('unclosed-mark: severity error', u[1] and u[1].severity, vim.diagnostic.severity.ERROR)
  local s = diags(buf, 'stray-closer')
  local stray = bytecol(buf, 8, '--}')
  eq('stray-closer: byte columns after 𐐀 and é', s[1] and { s[1].lnum, s[1].col, s[1].end_col }, { 8, stray, stray + 3 })
  local rs = raw_diag(buf, 'stray-closer')
  eq('stray-closer: UTF-16 characters on the wire', rs and { rs.range.start.character, rs.range['end'].character },
    { 25, 28 })
  eq('no other diagnostics', #diags(buf), 2)

  -- 2. Hover on an elision ------------------------------------------------
  local h = hover_at(buf, 6, bytecol(buf, 6, 'ferocious') + 2)
  local value = h and h.contents and h.contents.value or ''
  eq('hover: markdown', h and h.contents.kind, 'markdown')
  check('hover: shows "Cut words" and the words', value:find('Cut words', 1, true) ~= nil
    and value:find('ferocious', 1, true) ~= nil, vim.inspect(value))
  local mstart = bytecol(buf, 6, '{--')
  eq('hover: range is the mark, in UTF-16', h and h.range, {
    start = { line = 6, character = utf16(buf, 6, mstart) },
    ['end'] = { line = 6, character = utf16(buf, 6, bytecol(buf, 6, '--}') + 3) },
  })
  local none, none_err = hover_at(buf, 3, 2)
  check('hover: nothing on plain text', none == nil and none_err == nil, vim.inspect({ none, none_err }))

  -- 2b. Document and workspace symbols ------------------------------------
  local syms, syms_err = request(buf, 'textDocument/documentSymbol', { textDocument = util.make_text_document_params() })
  local names = {}
  for _, sym in ipairs(syms or {}) do
    table.insert(names, sym.name)
  end
  eq('document symbols: every change, labelled, in order', names,
    { 'Cut: "cut words stay"', 'Cut: "ferocious"', 'Cut: "cut"' })
  local fero = syms and syms[2] or {}
  check('document symbols: hierarchical (the client declares it)', fero.selectionRange ~= nil, vim.inspect(syms_err or fero))
  eq('document symbols: range is the mark, in UTF-16 after 😀𐐀', fero.range, {
    start = { line = 6, character = utf16(buf, 6, mstart) },
    ['end'] = { line = 6, character = utf16(buf, 6, bytecol(buf, 6, '--}') + 3) },
  })
  local ws = request(buf, 'workspace/symbol', { query = 'FEROCIOUS' })
  eq('workspace symbols: the query finds the cut, case folded', ws and #ws == 1 and ws[1].name, 'Cut: "ferocious"')
  eq('workspace symbols: at the mark', ws and ws[1] and ws[1].location.range, fero.range)

  -- 2c. The summary lens -------------------------------------------------
  local lenses = request(buf, 'textDocument/codeLens', { textDocument = util.make_text_document_params() })
  eq('code lens: the summary at the top', lenses and #lenses == 1 and { lenses[1].range.start.line, lenses[1].command.title },
    { 0, '3 cuts' })
  -- 2b. Marks coloured by the server, and a mark's delimiters --------------
  -- Neovim 0.9+ declares semantic tokens and colours from them; 0.7 does
  -- not, and must not be offered them.
  local stp = init_result and init_result.capabilities.semanticTokensProvider
  if vim.lsp.semantic_tokens then
    local legend = stp and stp.legend or { tokenTypes = {}, tokenModifiers = {} }
    check('semantic tokens: advertised, additions as "property"', vim.tbl_contains(legend.tokenTypes, 'property'),
      vim.inspect(stp))
    local st = request(buf, 'textDocument/semanticTokens/full', { textDocument = { uri = uri_of(buf) } })
    local wire = {}
    local data, line, char = st and st.data or {}, 0, 0
    for i = 1, #data, 5 do
      if data[i] > 0 then
        char = 0
      end
      line, char = line + data[i], char + data[i + 1]
      if line == 6 then
        table.insert(wire, { char, char + data[i + 2], legend.tokenTypes[data[i + 3] + 1] })
      end
    end
    local o = utf16(buf, 6, bytecol(buf, 6, '{--'))
    eq('semantic tokens: "{--ferocious--}" after 😀𐐀, UTF-16 on the wire', wire, {
      { o, o + 3, 'operator' }, { o + 3, o + 12, 'regexp' }, { o + 12, o + 15, 'operator' },
    })
    local fcol = bytecol(buf, 6, 'ferocious')
    local got
    vim.wait(WAIT_MS, function()
      for _, t in ipairs(vim.lsp.semantic_tokens.get_at_pos(buf, 6, fcol + 1) or {}) do
        got = t
      end
      return got ~= nil
    end, 10)
    eq('semantic tokens: Neovim places the cut words at their byte columns',
      got and { got.type, got.modifiers.deprecated, got.start_col, got.end_col }, { 'regexp', true, fcol, fcol + 9 })
  else
    eq('semantic tokens: not offered to a client that does not declare them', stp, nil)
  end
  api.nvim_win_set_cursor(0, { 7, bytecol(buf, 6, 'ferocious') + 2 })
  local dh = request(buf, 'textDocument/documentHighlight', util.make_position_params())
  local mo = utf16(buf, 6, bytecol(buf, 6, '{--'))
  eq('document highlight: the opener and the closer of the mark, in UTF-16', dh and vim.tbl_map(function(x)
    return { x.range.start.character, x.range['end'].character }
  end, dh), { { mo, mo + 3 }, { mo + 12, mo + 15 } })

  -- 3. An edit typed in the middle of a mark ------------------------------
  local row = 10
  local closer = bytecol(buf, row, '--}')
  api.nvim_buf_set_text(buf, row, closer, row, closer + 3, {})
  wait_synced(buf, 'closer deleted')
  local uu = diags(buf, 'unclosed-mark')
  local open10 = bytecol(buf, row, '{--')
  check('closer deleted: unclosed-mark appears at the opener', #uu == 2 and uu[2].lnum == row
    and uu[2].col == open10 and uu[2].end_col == open10 + 3, vim.inspect(uu))
  api.nvim_buf_set_text(buf, row, closer, row, closer, { '--}' })
  wait_synced(buf, 'closer restored')
  eq('closer restored: only the original unclosed-mark is left', #diags(buf, 'unclosed-mark'), 1)
  -- Type inside the mark's words, one character at a time, as a user would.
  local at = bytecol(buf, row, 'cut--}') + 3
  for _, ch in ipairs({ ' ', '😀', 'o', 'u', 't' }) do
    api.nvim_buf_set_text(buf, row, at, row, at, { ch })
    at = at + #ch
  end
  eq('typing inside a mark: buffer', line_of(buf, row), 'D 😀 edit {--cut 😀out--} here.')
  wait_synced(buf, 'typed in mark')
  local h2 = hover_at(buf, row, bytecol(buf, row, 'out'))
  check('typing inside a mark: hover shows the new words', h2 and h2.contents.value:find('cut 😀out', 1, true) ~= nil,
    vim.inspect(h2))
  eq('typing inside a mark: diagnostics unchanged', #diags(buf), 2)

  -- 4. Quick fix with the client's own (byte-column) context ---------------
  api.nvim_win_set_cursor(0, { 5, bytecol(buf, 4, '{--') })
  local params = util.make_range_params()
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, 4) }
  local qf = request(buf, 'textDocument/codeAction', params)
  local close = find_action(qf, 'Close at the end of the paragraph')
  check('quick fix offered for the unclosed mark', close ~= nil, vim.inspect(titles(qf)))
  check('quick fix is preferred', close and close.isPreferred == true)
  if close then
    util.apply_workspace_edit(close.edit, client.offset_encoding)
  end
  eq('quick fix applied: mark closed', line_of(buf, 4), 'A 😀 and 𐐀 then {--cut words stay--}')
  wait_synced(buf, 'quick fix')
  eq('quick fix applied: unclosed-mark gone', #diags(buf, 'unclosed-mark'), 0)

  -- 5. "Elide selection" on a charwise range -------------------------------
  row = 12
  local sel_s = bytecol(buf, row, 'these')
  local sel_e = bytecol(buf, row, 'words') + #'words' - 1 -- inclusive, as a visual selection
  local rp = util.make_given_range_params({ row + 1, sel_s }, { row + 1, sel_e }, buf, client.offset_encoding)
  eq('range params in UTF-16', rp.range, {
    start = { line = row, character = utf16(buf, row, sel_s) },
    ['end'] = { line = row, character = utf16(buf, row, sel_e + 1) },
  })
  rp.context = { diagnostics = {} }
  local acts = request(buf, 'textDocument/codeAction', rp)
  local elide = find_action(acts, 'Elide selection')
  check('"Elide selection" offered', elide ~= nil, vim.inspect(titles(acts)))
  eq('"Elide selection" is refactor.rewrite', elide and elide.kind, 'refactor.rewrite')
  if elide then
    util.apply_workspace_edit(elide.edit, client.offset_encoding)
  end
  eq('"Elide selection" applied', line_of(buf, row), 'E 😀 select {--these words--} please.')
  wait_synced(buf, 'elide')
  local h3 = hover_at(buf, row, bytecol(buf, row, 'words'))
  check('new elision: hover shows the selected words', h3 and h3.contents.value:find('these words', 1, true) ~= nil,
    vim.inspect(h3))

  -- 6. The UI path: range_code_action + vim.ui.select -----------------------
  local chosen = {}
  vim.ui.select = function(items, opts, on_choice)
    for i, item in ipairs(items) do
      -- 0.7 offers { client_id, action }, 0.10 { action = ..., ctx = ... }.
      local action = item.action or item[2]
      if action.title == chosen.title then
        chosen.offered = true
        return on_choice(item, i)
      end
    end
    chosen.offered = false
    on_choice(nil, nil)
  end
  row = 14
  chosen.title = 'Mark as addition'
  local before = line_of(buf, row)
  local from, to = { row + 1, bytecol(buf, row, 'these') }, { row + 1, bytecol(buf, row, 'too') + 2 }
  if vim.lsp.buf.range_code_action then -- 0.7; removed in 0.10
    vim.lsp.buf.range_code_action(nil, from, to)
  else
    vim.lsp.buf.code_action({ range = { start = from, ['end'] = to } })
  end
  vim.wait(WAIT_MS, function()
    return server.exited or line_of(buf, row) ~= before
  end, 10)
  assert_alive()
  eq('range_code_action "Mark as addition" applied', line_of(buf, row), 'F 𐐀 mark {++these too++}.')
  wait_synced(buf, 'addition')
  chosen.title = 'Restore original'
  api.nvim_win_set_cursor(0, { row + 1, bytecol(buf, row, 'these') })
  before = line_of(buf, row)
  vim.lsp.buf.code_action()
  vim.wait(WAIT_MS, function()
    return server.exited or line_of(buf, row) ~= before
  end, 10)
  assert_alive()
  eq('code_action "Restore original" on an addition removes it', line_of(buf, row), 'F 𐐀 mark.')
  wait_synced(buf, 'restore')
  eq('article diagnostics at the end: only the stray closer', vim.tbl_map(function(d)
    return d.code
  end, diags(buf)), { 'stray-closer' })

  -- 7. A CRLF file ---------------------------------------------------------
  vim.cmd('edit ' .. vim.fn.fnameescape(crlf_path))
  local cbuf = api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(cbuf, client_id)
  eq('CRLF: buffer is fileformat=dos', vim.bo[cbuf].fileformat, 'dos')
  check('CRLF: diagnostics arrive', wait_synced(cbuf, 'crlf open'))
  local cs = diags(cbuf, 'stray-closer')
  local cstray = bytecol(cbuf, 1, '--} y')
  eq('CRLF: stray-closer at the right line and byte columns', cs[1] and { cs[1].lnum, cs[1].col, cs[1].end_col },
    { 1, cstray, cstray + 3 })
  local crd = raw_diag(cbuf, 'stray-closer')
  eq('CRLF: stray-closer UTF-16 characters on the wire', crd and crd.range, {
    start = { line = 1, character = 19 }, ['end'] = { line = 1, character = 22 },
  })
  local cu = diags(cbuf, 'unclosed-mark')
  eq('CRLF: unclosed-mark on line 3', cu[1] and { cu[1].lnum, cu[1].col }, { 3, 12 })
  -- Close it at the end of the paragraph: the edit must land before "\r\n".
  api.nvim_win_set_cursor(0, { 4, 13 })
  local cp = util.make_range_params()
  cp.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(cbuf, 3) }
  local cqf = request(cbuf, 'textDocument/codeAction', cp)
  local cclose = find_action(cqf, 'Close at the end of the paragraph')
  check('CRLF: quick fix offered', cclose ~= nil, vim.inspect(titles(cqf)))
  if cclose then
    util.apply_workspace_edit(cclose.edit, client.offset_encoding)
  end
  eq('CRLF: quick fix closes the mark at the end of the line', api.nvim_buf_get_lines(cbuf, 0, -1, true), {
    'Title 😀', 'A 😀 𐐀 {--x--} ok --} y', '', 'The council {--voted to close the pool and the library--}',
  })
  wait_synced(cbuf, 'crlf quick fix')
  eq('CRLF: only the stray closer is left', vim.tbl_map(function(d)
    return d.code
  end, diags(cbuf)), { 'stray-closer' })
  -- An incremental edit on a CRLF line: remove the stray closer and its space.
  cstray = bytecol(cbuf, 1, '--} y')
  api.nvim_buf_set_text(cbuf, 1, cstray, 1, cstray + 4, {})
  wait_synced(cbuf, 'crlf edit')
  eq('CRLF: edit removes the stray-closer', #diags(cbuf), 0)
  -- Break the mark on line 1 by typing inside its closer.
  local cc = bytecol(cbuf, 1, '--}')
  api.nvim_buf_set_text(cbuf, 1, cc + 1, 1, cc + 1, { 'X' })
  wait_synced(cbuf, 'crlf break')
  local cu2 = diags(cbuf, 'unclosed-mark')
  local co = bytecol(cbuf, 1, '{--')
  eq('CRLF: typing inside a closer reports the mark unclosed', cu2[1] and { cu2[1].lnum, cu2[1].col, cu2[1].end_col },
    { 1, co, co + 3 })
  local cr2 = raw_diag(cbuf, 'unclosed-mark')
  eq('CRLF: ...at UTF-16 characters 8-11', cr2 and { cr2.range.start.character, cr2.range['end'].character }, { 8, 11 })

  -- 8. A settings change is shown without an edit (doc/bluepencil.txt §4) --
  api.nvim_set_current_buf(buf)
  local stray_warning = function(list)
    return has_code(list, 'stray-closer', vim.diagnostic.severity.WARN)
  end
  client.notify('workspace/didChangeConfiguration',
    { settings = { bluepencil = { severity = { ['stray-closer'] = 'warning' } } } })
  check('settings change: shown without an edit', wait_diags(buf, stray_warning),
    vim.inspect(vim.tbl_map(function(d) return { d.code, d.severity } end, vim.diagnostic.get(buf))))
  client.notify('workspace/didChangeConfiguration', { settings = { bluepencil = vim.empty_dict() } })
  check('settings change back: shown without an edit', wait_diags(buf, function(list)
    return has_code(list, 'stray-closer', vim.diagnostic.severity.ERROR)
  end))

  -- 9. An article loaded without a window has its diagnostics -------------
  vim.cmd('badd ' .. vim.fn.fnameescape(hidden_path))
  local hbuf = vim.fn.bufnr(hidden_path)
  vim.fn.bufload(hbuf)
  vim.lsp.buf_attach_client(hbuf, client_id)
  check('hidden article: in no window', vim.fn.bufwinid(hbuf) == -1)
  check('hidden article: diagnostics arrive', wait_diags(hbuf, function(list)
    return has_code(list, 'unclosed-mark')
  end))
  local hd = diags(hbuf, 'unclosed-mark')[1]
  local hopen = bytecol(hbuf, 0, '{++')
  eq('hidden article: unclosed-mark at its byte columns, after 😀 and 𐐀', hd and { hd.lnum, hd.col, hd.end_col },
    { 0, hopen, hopen + 3 })
  local hr = raw_diag(hbuf, 'unclosed-mark')
  eq('hidden article: ...and UTF-16 characters on the wire', hr and hr.range, {
    start = { line = 0, character = 13 }, ['end'] = { line = 0, character = 16 },
  })

  -- 10. Saving the original from Neovim re-checks its article ---------------
  vim.cmd('edit ' .. vim.fn.fnameescape(fidelity_path))
  local fbuf = api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(fbuf, client_id)
  check('original: the article differs from it', wait_diags(fbuf, function(list)
    return has_code(list, 'unmarked-change')
  end), vim.inspect(vim.diagnostic.get(fbuf)))
  local fd = diags(fbuf, 'unmarked-change')[1]
  local noon = bytecol(fbuf, 3, 'noon')
  eq('original: unmarked-change on "noon", after 😀', fd and { fd.lnum, fd.col, fd.end_col }, { 3, noon, noon + 4 })
  vim.cmd('edit ' .. vim.fn.fnameescape(original_path)) -- not an article: no server attached
  local obuf = api.nvim_get_current_buf()
  local oline = line_of(obuf, 0)
  local at_dawn = oline:find('dawn', 1, true) - 1
  api.nvim_buf_set_text(obuf, 0, at_dawn, 0, at_dawn + 4, { 'noon' })
  vim.cmd('silent write')
  check('original saved with :w: the article is re-checked', wait_diags(fbuf, function(list)
    return not has_code(list, 'unmarked-change')
  end), vim.inspect(vim.tbl_map(function(d) return d.code end, vim.diagnostic.get(fbuf))))
  api.nvim_buf_set_text(obuf, 0, at_dawn, 0, at_dawn + 4, { 'dusk' })
  vim.cmd('silent write')
  check('original saved again: the change is reported again', wait_diags(fbuf, function(list)
    return has_code(list, 'unmarked-change')
  end))

  -- 10b. Inlay hints (0.10 declares them; 0.7 does not, and is not offered them)
  if vim.fn.has('nvim-0.10') == 1 then
    vim.cmd('edit ' .. vim.fn.fnameescape(hints_path))
    local hbuf = api.nvim_get_current_buf()
    vim.lsp.buf_attach_client(hbuf, client_id)
    wait_synced(hbuf, 'hints')
    local hints = request(hbuf, 'textDocument/inlayHint', { textDocument = util.make_text_document_params(hbuf),
      range = { start = { line = 0, character = 0 }, ['end'] = { line = 5, character = 0 } } })
    local got = {}
    for _, h in ipairs(hints or {}) do
      table.insert(got, { h.position.line, h.position.character, h.label })
    end
    local after = function(needle)
      return utf16(hbuf, 4, bytecol(hbuf, 4, needle) + #needle)
    end
    eq('inlay hints: the date after "yesterday" and the cut words after [...], UTF-16 after 😀𐐀', got, {
      { 4, after('yesterday'), '= on 6 November' },
      { 4, after('[...]'), 'cut "for days"' },
    })
  else
    eq('inlay hints: not offered to a client that does not declare them', init_result.capabilities.inlayHintProvider, nil)
  end

  -- 10c. Completion (both versions declare it; 0.7 without snippets)
  vim.cmd('edit ' .. vim.fn.fnameescape(complete_path))
  local cbuf = api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(cbuf, client_id)
  wait_synced(cbuf, 'completion')
  eq('completion: offered with its trigger characters', init_result.capabilities.completionProvider
    and init_result.capabilities.completionProvider.triggerCharacters, { '{', '>' })
  local snippets = vim.lsp.protocol.make_client_capabilities().textDocument.completion.completionItem.snippetSupport
  local function complete_at(row, col)
    local res = request(cbuf, 'textDocument/completion', { textDocument = util.make_text_document_params(cbuf),
      position = { line = row, character = col } })
    local items = res and (res.items or res) or {}
    local got = {}
    for _, it in ipairs(items) do
      local r = it.textEdit.range
      table.insert(got, { r.start.line, r.start.character, r['end'].character, it.textEdit.newText,
        it.insertTextFormat or 1 })
    end
    return got
  end
  local brace = utf16(cbuf, 4, bytecol(cbuf, 4, '{'))
  local fmt = snippets and 2 or 1
  local marks = snippets and { '{--$1--}', '{++$1++}', '{~~$1~>$2~~}', '{>>$1<<}', '{==$1==}{>>$2<<}' }
    or { '{----}', '{++++}', '{~~~>~~}', '{>><<}', '{====}{>><<}' }
  local want = {}
  for _, m in ipairs(marks) do
    table.insert(want, { 4, brace, brace + 1, m, fmt })
  end
  eq('completion after {: the five marks over the brace, UTF-16 after 😀𐐀', complete_at(4, brace + 1), want)
  local arrow = bytecol(cbuf, 5, '~>') + 2
  eq('completion after ~>: neutral replacements from the lexicon', complete_at(5, arrow), {
    { 5, arrow, arrow, 'government', 1 }, { 5, arrow, arrow, 'administration', 1 },
  })
  eq('completion after original:: the text files beside the article', complete_at(2, 10), {
    { 2, 10, 10, 'hints.txt', 1 }, { 2, 10, 10, 'original.txt', 1 },
  })

  -- 11. Shutdown just after an edit ------------------------------------------
  assert_alive()
  api.nvim_set_current_buf(buf)
  api.nvim_buf_set_text(buf, 3, 0, 3, 0, { 'X' })
  server.stopping = true
  client.stop()
  check('server exits after shutdown', vim.wait(WAIT_MS, function()
    return server.exited
  end, 10))
  eq('server exit code after shutdown + exit', server.code, 0)
  check('server did not panic', panic_text() == nil, panic_text())
  vim.wait(200) -- an error answer to a request sent after shutdown would be shown by now
  eq('no error shown to the user', errors_shown(), {})
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  check('test script ran without error', false, tostring(err))
end
watchdog:stop()
watchdog:close()
summary()
vim.fn.delete(dir, 'rf')
if failed > 0 then
  vim.cmd('cquit 1')
else
  vim.cmd('qall!')
end
