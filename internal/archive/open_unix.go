//go:build unix

package archive

import "syscall"

// openFlags makes opening a named pipe return at once instead of waiting
// for a writer (the file is then refused as not regular), and keeps a
// terminal device from becoming the process's controlling terminal.
const openFlags = syscall.O_NONBLOCK | syscall.O_NOCTTY
