-- :BluepencilElide, :BluepencilAdd and :BluepencilModify: ask the server
-- for the code action of that name on the visual selection, and apply its
-- edit. The server computes the marks (one per paragraph, trimmed of white
-- space) and refuses a selection that cuts through a mark.

local M = {}

M.actions = {
  elide = { command = 'BluepencilElide', title = 'Elide selection', plug = '<Plug>(bluepencil-elide)' },
  add = { command = 'BluepencilAdd', title = 'Mark as addition', plug = '<Plug>(bluepencil-add)' },
  modify = { command = 'BluepencilModify', title = 'Mark as modification', plug = '<Plug>(bluepencil-modify)' },
}

M.kind = 'refactor.rewrite'

local has_011 = vim.fn.has('nvim-0.11') == 1

local function warn(msg)
  vim.notify('bluepencil: ' .. msg, vim.log.levels.WARN)
end

-- char_len is the length in bytes of the UTF-8 character that starts at
-- byte col (0-based) of line.
local function char_len(line, col)
  local b = line:byte(col + 1)
  if not b or b < 0x80 then
    return 1
  elseif b >= 0xF0 then
    return 4
  elseif b >= 0xE0 then
    return 3
  elseif b >= 0xC0 then
    return 2
  end
  return 1
end

-- encode_col converts a 0-based byte column of line to a character index in
-- the client's offset encoding ("utf-8", "utf-16" or "utf-32").
function M.encode_col(line, col, encoding)
  col = math.max(0, math.min(col, #line))
  if encoding == 'utf-8' then
    return col
  end
  if has_011 then
    return vim.str_utfindex(line, encoding == 'utf-32' and 'utf-32' or 'utf-16', col, false)
  end
  local ok, u32, u16 = pcall(vim.str_utfindex, line, col)
  if not ok then
    return col
  end
  if encoding == 'utf-32' then
    return u32
  end
  return u16
end

local function get_line(bufnr, row)
  return vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1] or ''
end

-- selection returns the selected text of bufnr as 0-based rows and byte
-- columns, the end exclusive: { srow, scol, erow, ecol }. It reads the
-- '< and '> marks (charwise, or whole lines after a linewise selection); a
-- command range that is not the visual selection's lines selects whole lines.
function M.selection(bufnr, opts)
  local s = vim.api.nvim_buf_get_mark(bufnr, '<')
  local e = vim.api.nvim_buf_get_mark(bufnr, '>')
  local linewise = vim.fn.visualmode() == 'V'
  if opts and opts.range and opts.range > 0 and (s[1] == 0 or opts.line1 ~= s[1] or opts.line2 ~= e[1]) then
    s, e, linewise = { opts.line1, 0 }, { opts.line2, 0 }, true
  end
  if s[1] == 0 or e[1] == 0 then
    return nil, 'select some text first (the command works on the last visual selection)'
  end
  if e[1] < s[1] or (e[1] == s[1] and e[2] < s[2]) then
    s, e = e, s
  end
  local srow, erow = s[1] - 1, e[1] - 1
  local eline = get_line(bufnr, erow)
  local scol, ecol
  if linewise then
    scol, ecol = 0, #eline
  else
    scol = math.min(s[2], #get_line(bufnr, srow))
    ecol = e[2]
    if ecol >= #eline then
      ecol = #eline
    elseif vim.o.selection ~= 'exclusive' then
      ecol = ecol + char_len(eline, ecol)
    end
  end
  return { srow, scol, erow, ecol }
end

-- range converts a selection to an LSP range in the given encoding.
function M.range(bufnr, sel, encoding)
  local srow, scol, erow, ecol = sel[1], sel[2], sel[3], sel[4]
  return {
    start = { line = srow, character = M.encode_col(get_line(bufnr, srow), scol, encoding) },
    ['end'] = { line = erow, character = M.encode_col(get_line(bufnr, erow), ecol, encoding) },
  }
end

local function apply(client, bufnr, action, which, sel)
  local encoding = client.offset_encoding or 'utf-16'
  vim.lsp.util.apply_workspace_edit(action.edit, encoding)
  if action.command then
    local cmd = type(action.command) == 'table' and action.command or action
    require('bluepencil')._client_request(client, 'workspace/executeCommand', cmd, function() end, bufnr)
  end
  if which == 'modify' and vim.api.nvim_get_current_buf() == bufnr then
    -- Put the cursor on the new side, which starts as a copy of the old
    -- one, ready to be typed over.
    local ok = pcall(vim.api.nvim_win_set_cursor, 0, { sel[1] + 1, sel[2] })
    if ok then
      local pos = vim.fn.searchpos([[\~>]], 'cW')
      if pos[1] > 0 then
        pcall(vim.api.nvim_win_set_cursor, 0, { pos[1], pos[2] + 1 })
      end
    end
  end
end

-- run asks the server for the action `which` ("elide", "add" or "modify")
-- on the selection and applies it. opts is the table a user command gets
-- (range, line1, line2), or nil for the last visual selection.
function M.run(which, opts)
  local spec = M.actions[which]
  if not spec then
    error('bluepencil: unknown action ' .. tostring(which))
  end
  local bp = require('bluepencil')
  local bufnr = vim.api.nvim_get_current_buf()
  local client = bp.get_client(bufnr)
  if not client then
    warn('no bluepencil language server is attached to this buffer (is its filetype "bluepencil"?)')
    return
  end
  local sel, err = M.selection(bufnr, opts)
  if not sel then
    warn(err)
    return
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = M.range(bufnr, sel, client.offset_encoding or 'utf-16'),
    context = { diagnostics = {}, only = { M.kind } },
  }
  local tick = vim.api.nvim_buf_get_changedtick(bufnr)
  bp._client_request(client, 'textDocument/codeAction', params, function(rerr, result)
    if rerr then
      warn(spec.title .. ' failed: ' .. (rerr.message or vim.inspect(rerr)))
      return
    end
    local action
    for _, a in ipairs(result or {}) do
      if a.title == spec.title and (a.kind == nil or a.kind == M.kind) then
        action = a
        break
      end
    end
    if not action then
      warn(string.format('"%s" is not possible here: the selection is empty, in the front matter, or cuts through a mark', spec.title))
      return
    end
    if not vim.api.nvim_buf_is_valid(bufnr) then
      return
    end
    if vim.api.nvim_buf_get_changedtick(bufnr) ~= tick then
      warn('the buffer changed while waiting for the server; run ' .. spec.command .. ' again')
      return
    end
    if action.edit then
      apply(client, bufnr, action, which, sel)
    elseif action.data then
      bp._client_request(client, 'codeAction/resolve', action, function(e2, resolved)
        if e2 or not resolved or not resolved.edit then
          warn(spec.title .. ' returned no edit')
          return
        end
        apply(client, bufnr, resolved, which, sel)
      end, bufnr)
    else
      warn(spec.title .. ' returned no edit')
    end
  end, bufnr)
end

local defined = false

-- define creates the commands and <Plug> mappings (once).
function M.define()
  if defined then
    return
  end
  defined = true
  for which, spec in pairs(M.actions) do
    vim.api.nvim_create_user_command(spec.command, function(o)
      M.run(which, o)
    end, { range = true, desc = 'bluepencil: ' .. spec.title .. ' (visual selection)' })
    vim.keymap.set('x', spec.plug, ':<C-u>' .. spec.command .. '<CR>',
      { silent = true, desc = 'bluepencil: ' .. spec.title })
  end
end

return M
