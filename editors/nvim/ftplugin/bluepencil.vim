" bluepencil articles are Markdown: reuse its filetype plugin, then let
" comment commands write editor's notes.
if exists('b:did_ftplugin')
  finish
endif
runtime! ftplugin/markdown.vim ftplugin/markdown_*.vim ftplugin/markdown/*.vim
let b:did_ftplugin = 1

setlocal commentstring={>>%s<<}

let b:undo_ftplugin = get(b:, 'undo_ftplugin', '')
      \ . (empty(get(b:, 'undo_ftplugin', '')) ? '' : '|') . 'setlocal commentstring<'
