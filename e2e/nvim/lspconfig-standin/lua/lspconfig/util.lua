-- Stand-in for nvim-lspconfig's lspconfig.util: root_pattern only.
local M = {}

-- root_pattern returns a function of a file name giving the nearest folder
-- at or above it that holds one of names, or nil.
function M.root_pattern(...)
  local names = { ... }
  return function(fname)
    local dir = vim.fn.fnamemodify(fname, ':p:h')
    while true do
      for _, n in ipairs(names) do
        if vim.loop.fs_stat(dir .. '/' .. n) then
          return dir
        end
      end
      local parent = vim.fn.fnamemodify(dir, ':h')
      if parent == dir then
        return nil
      end
      dir = parent
    end
  end
end

return M
