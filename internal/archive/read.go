package archive

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
)

// MaxArticleSize is the largest article read, by check, render and diff.
// It is the originals' bound: an article is its original plus marks, a
// real edit's marks are a small part of it, and 16 MiB is already a
// hundred times the longest piece a newspaper prints. A bound is needed
// because check's memory grows with the article (see the check package).
const MaxArticleSize = 16 << 20

// ErrNotRegular is wrapped by the error for a folder, a named pipe, a
// device or a socket where a file was expected: reading a pipe can block
// for ever and a device can be endless, so only regular files are read.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is wrapped by the error for a file larger than the limit.
var ErrTooLarge = errors.New("file too large")

// kindError says what a non-regular file is, so the user knows why it
// was refused; it is ErrNotRegular to errors.Is.
type kindError struct{ mode fs.FileMode }

func (e kindError) Error() string {
	return "is " + kindName(e.mode) + ", not a regular file"
}

func (e kindError) Is(target error) bool { return target == ErrNotRegular }

func kindName(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a plain file (" + m.Type().String() + ")"
}

// sizeError is ErrTooLarge with the figures; size is 0 when the file
// grew past the limit while it was read, or the size says nothing (a
// /proc file says 0 and goes on).
type sizeError struct{ size, limit int64 }

func (e sizeError) Error() string {
	return fmt.Sprintf("%s; bluepencil reads files up to %d MiB", e.measure(), e.limit>>20)
}

// measure says how large the file is, as far as it is known.
func (e sizeError) measure() string {
	// Whole MiB, but never "is 16 MiB" for a file refused at 16 MiB.
	if e.size>>20 > e.limit>>20 {
		return fmt.Sprintf("is %d MiB", e.size>>20)
	}
	return fmt.Sprintf("is over %d MiB", e.limit>>20)
}

func (e sizeError) Is(target error) bool { return target == ErrTooLarge }

// ReadFile reads the regular file at path, following symbolic links, and
// at most limit bytes of it. A folder, pipe, device or socket is refused
// (ErrNotRegular) without blocking, and a larger file is refused
// (ErrTooLarge) after reading limit+1 bytes at most, whatever its size
// claims to be. Errors are *fs.PathError naming path.
func ReadFile(path string, limit int64) ([]byte, error) {
	// Stat first so that a device is refused without being opened at
	// all: opening some (a watchdog, a tape) acts on the hardware.
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: path, Err: kindError{info.Mode()}}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readOpened(f, path, limit)
}

// ReadFileIn is ReadFile for name beneath root: symbolic links are
// followed only while they stay inside root, and the check is made while
// opening, so no change to the tree can make it read a file outside.
func ReadFileIn(root *os.Root, name string, limit int64) ([]byte, error) {
	info, err := root.Stat(name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: kindError{info.Mode()}}
	}
	f, err := root.OpenFile(name, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readOpened(f, name, limit)
}

// readOpened checks, on the open file itself, that it is regular (the path
// may have been swapped for a pipe since it was looked up), then reads it
// up to limit bytes. A stat's size only sizes the buffer: /proc files say
// 0 and a growing file says less than it holds.
func readOpened(f *os.File, name string, limit int64) ([]byte, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: kindError{info.Mode()}}
	}
	if info.Size() > limit {
		return nil, &fs.PathError{Op: "read", Path: name, Err: sizeError{info.Size(), limit}}
	}
	var buf []byte
	if info.Size() >= parallelRead {
		buf, err = readHalves(f, info.Size(), limit)
	} else {
		buf, err = readLimited(f, info.Size(), limit)
	}
	if errors.Is(err, ErrTooLarge) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: sizeError{0, limit}}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return buf, nil
}

// readLimited reads r to its end into a buffer sized for hint bytes,
// failing with ErrTooLarge as soon as it holds more than limit bytes, so
// memory never exceeds about twice the limit whatever r yields.
func readLimited(r io.Reader, hint, limit int64) ([]byte, error) {
	// One byte more than the hint, to see the end without growing.
	return readOn(r, make([]byte, 0, min(max(hint, 512-1), limit)+1), limit)
}

// readOn appends what r yields to buf until its end, failing with
// ErrTooLarge as soon as buf holds more than limit bytes.
func readOn(r io.Reader, buf []byte, limit int64) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, ErrTooLarge
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// ReadDirIn lists the folder name beneath root, sorted by name, as
// fs.ReadDir does. It opens the folder as ReadFileIn opens a file, without
// blocking: a folder swapped for a named pipe after its parent was listed
// is then an error instead of a hang.
func ReadDirIn(root *os.Root, name string) ([]fs.DirEntry, error) {
	f, err := root.OpenFile(name, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	entries, err := f.ReadDir(-1)
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, err
}

// parallelRead is the size from which a file is read in two halves at
// once.
const parallelRead = 512 << 10

// readHalves is readLimited for a regular file of size bytes (as its stat
// said), whose two halves it reads at once, on two goroutines: most of
// reading a file the page cache holds is the kernel giving the process
// fresh pages to copy it into, one fault per 4 KiB, and the two halves'
// faults are taken on two cores. What follows size, if the file grew, is
// read after, as readLimited reads it; a file that shrank is read again
// from its start by readLimited.
func readHalves(f *os.File, size, limit int64) ([]byte, error) {
	buf := make([]byte, size, size+1)
	half := size / 2
	var n2 int
	var err2 error
	done := make(chan struct{})
	go func() {
		n2, err2 = f.ReadAt(buf[half:], half)
		close(done)
	}()
	n1, err1 := f.ReadAt(buf[:half], 0)
	<-done
	if int64(n1) != half || int64(n2) != size-half || err1 != nil || err2 != nil && err2 != io.EOF {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		return readLimited(f, size, limit)
	}
	if _, err := f.Seek(size, io.SeekStart); err != nil {
		return nil, err
	}
	return readOn(f, buf, limit)
}
