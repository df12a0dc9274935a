" Vim syntax file
" Language:    bluepencil article (Markdown with CriticMarkup marks), *.bp.md
" Maintainer:  the bluepencil authors
"
" Colours the marks on top of Markdown, so that Neovim versions without
" semantic tokens show them too. Code spans and fenced code blocks are never
" marked: Markdown's code regions do not contain the groups below.

if exists('b:current_syntax')
  finish
endif

scriptencoding utf-8

runtime! syntax/markdown.vim
unlet! b:current_syntax

" A mark ends at its own closer, or at the end of its paragraph (a blank
" line), where the server reports it unclosed. A backslash escapes an opener
" or a closer.
syntax region bluepencilDeleted matchgroup=bluepencilElisionDelimiter
      \ start=/\\\@<!{--/ end=/\\\@<!--}/ end=/^\s*$/ keepend
syntax region bluepencilAdded matchgroup=bluepencilAdditionDelimiter
      \ start=/\\\@<!{++/ end=/\\\@<!++}/ end=/^\s*$/ keepend
" A substitution's old side is the region itself; the arrow starts the new side.
syntax region bluepencilOld matchgroup=bluepencilSubstitutionDelimiter
      \ start=/\\\@<!{\~\~/ end=/\\\@<!\~\~}/ end=/^\s*$/ keepend
      \ contains=bluepencilNew
syntax region bluepencilNew matchgroup=bluepencilArrow
      \ start=/\\\@<!\~>/ end=/\\\@<!\~\~}\@=/ contained
syntax region bluepencilNote matchgroup=bluepencilNoteDelimiter
      \ start=/\\\@<!{>>/ end=/\\\@<!<<}/ end=/^\s*$/ keepend
syntax region bluepencilHighlight matchgroup=bluepencilHighlightDelimiter
      \ start=/\\\@<!{==/ end=/\\\@<!==}/ end=/^\s*$/ keepend
" [...] or […] outside any mark, unless escaped or the text of a link.
syntax match bluepencilBareElision /\\\@<!\[\%(\.\.\.\|…\)\]\%( \=[[(]\)\@!/

syntax cluster bluepencilMarks contains=bluepencilDeleted,bluepencilAdded,bluepencilOld,bluepencilNote,bluepencilHighlight,bluepencilBareElision
" Marks inside headings, emphasis, links and block quotes.
syntax cluster markdownInline add=@bluepencilMarks

lua require('bluepencil.highlight').define()

let b:current_syntax = 'bluepencil'
