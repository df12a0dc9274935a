-- Default colours of the bluepencil syntax groups, defined with
-- ":highlight default" so that a colour scheme or the user's own
-- ":highlight" commands win. Additions and new text are blue, as readers see
-- them; cut and old text is struck through in red; notes are comments.

local M = {}

local palettes = {
  light = {
    blue = 'guifg=#1e40af ctermfg=blue',
    cut = 'guifg=#b91c1c ctermfg=darkred',
    hl = 'guifg=#1f2937 guibg=#fef08a ctermfg=black ctermbg=yellow',
    bare = 'guifg=#c2410c ctermfg=darkred',
  },
  dark = {
    blue = 'guifg=#60a5fa ctermfg=lightblue',
    cut = 'guifg=#f87171 ctermfg=red',
    hl = 'guifg=#1f2937 guibg=#facc15 ctermfg=black ctermbg=yellow',
    bare = 'guifg=#fb923c ctermfg=red',
  },
}

M.palettes = palettes

-- groups lists every group and its default, as {name, attributes} or
-- {name, 'link', target}.
function M.groups(background)
  local p = palettes[background == 'light' and 'light' or 'dark']
  return {
    { 'bluepencilAdded', p.blue },
    { 'bluepencilNew', p.blue },
    { 'bluepencilAdditionDelimiter', p.blue .. ' gui=bold cterm=bold' },
    { 'bluepencilSubstitutionDelimiter', p.blue .. ' gui=bold cterm=bold' },
    { 'bluepencilArrow', p.blue .. ' gui=bold cterm=bold' },
    { 'bluepencilDeleted', p.cut .. ' gui=strikethrough cterm=strikethrough' },
    { 'bluepencilOld', p.cut .. ' gui=strikethrough cterm=strikethrough' },
    { 'bluepencilElisionDelimiter', p.cut .. ' gui=bold cterm=bold' },
    { 'bluepencilBareElision', p.bare .. ' gui=bold,undercurl cterm=bold,underline' },
    { 'bluepencilHighlight', p.hl },
    { 'bluepencilHighlightDelimiter', 'link', 'bluepencilDelimiter' },
    { 'bluepencilNote', 'link', 'Comment' },
    { 'bluepencilNoteDelimiter', 'link', 'Comment' },
    { 'bluepencilDelimiter', 'link', 'Delimiter' },
  }
end

function M.define()
  for _, g in ipairs(M.groups(vim.o.background)) do
    if g[2] == 'link' then
      vim.cmd(string.format('highlight default link %s %s', g[1], g[3]))
    else
      vim.cmd(string.format('highlight default %s %s', g[1], g[2]))
    end
  end
end

return M
