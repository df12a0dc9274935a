" bluepencil articles: *.bp.md is filetype "bluepencil", not "markdown".
" :setfiletype would lose to the markdown rule for *.md, which runs first,
" so the filetype is set outright (unless it is already bluepencil, so that
" FileType does not fire twice when filetype.lua already matched it).
autocmd BufNewFile,BufRead *.bp.md if &filetype !=# 'bluepencil' | set filetype=bluepencil | endif
