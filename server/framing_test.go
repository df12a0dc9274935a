package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
)

// framingMsg is a valid body the tests frame.
const framingMsg = `{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{}}`

func framed(body string) string {
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
}

// framingRead reads every frame of input, describing each as the body or
// the problem's code, and ends with the error that stopped the reader.
func framingRead(t *testing.T, input io.Reader) []string {
	t.Helper()
	r := newFrameReader(input)
	var out []string
	for range 100 {
		body, bad, err := r.next()
		switch {
		case err != nil:
			return append(out, "error: "+err.Error())
		case bad != nil:
			out = append(out, fmt.Sprintf("bad %d id %s", bad.code, bad.id))
		default:
			out = append(out, string(body))
		}
	}
	t.Fatal("more than 100 frames")
	return nil
}

// TestFrameReader: every kind of broken header and over-long body is
// answered, and the frame after it is read whole.
func TestFrameReader(t *testing.T) {
	parse, invalid := fmt.Sprintf("bad %d id null", jsonrpc2.ParseError), fmt.Sprintf("bad %d id null", jsonrpc2.InvalidRequest)
	tooLong := strings.Repeat("x", maxHeader+10)
	for _, tc := range []struct {
		name, input string
		want        []string
	}{
		{"OneFrame", framed(framingMsg), []string{framingMsg, "error: EOF"}},
		{"TwoFrames", framed("{}") + framed(framingMsg), []string{"{}", framingMsg, "error: EOF"}},
		{"OtherFieldsAndCase", "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-LENGTH:  2 \r\n\r\n{}", []string{"{}", "error: EOF"}},
		{"BareNewlines", "Content-Length: 2\n\n{}", []string{"{}", "error: EOF"}},
		{"NotANumber", "Content-Length: abc\r\n\r\n{}" + framed(framingMsg), []string{parse, framingMsg, "error: EOF"}},
		{"Negative", "Content-Length: -5\r\n\r\n{}" + framed(framingMsg), []string{parse, framingMsg, "error: EOF"}},
		{"Zero", "Content-Length: 0\r\n\r\n" + framed(framingMsg), []string{parse, framingMsg, "error: EOF"}},
		{"Missing", "Content-Type: x\r\n\r\n{}" + framed(framingMsg), []string{parse, framingMsg, "error: EOF"}},
		{"NoColon", "Content-Length 2\r\n\r\n{}" + framed(framingMsg), []string{parse, framingMsg, "error: EOF"}},
		{"BlankLineFirst", "\r\n" + framed(framingMsg), []string{parse, framingMsg, "error: EOF"}},
		// A short length cuts the body; the rest runs into the next header,
		// whose Content-Length is found inside the junk line.
		{"TooShort", "Content-Length: 3\r\n\r\n" + framingMsg + framed(framingMsg), []string{framingMsg[:3], parse, framingMsg, "error: EOF"}},
		{"LongHeaderLine", "X-Junk: " + tooLong + "\r\n" + framed(framingMsg), []string{parse, framingMsg, "error: EOF"}},
		{"JunkWithoutNewline", tooLong + framed(framingMsg), []string{parse, framingMsg, "error: EOF"}},
		{"HugeLength", "Content-Length: 4294967296\r\n\r\n" + framed(framingMsg), []string{invalid, framingMsg, "error: EOF"}},
		{"HugeLengthDigits", "Content-Length: 99999999999999999999999999\r\n\r\n" + framed(framingMsg), []string{invalid, framingMsg, "error: EOF"}},
		{"OverLimitWithID", fmt.Sprintf("Content-Length: %d\r\n\r\n", MaxMessage+1) + `{"jsonrpc":"2.0","id":"abc","method":"m","params":{"text":"` + framed(framingMsg),
			[]string{fmt.Sprintf("bad %d id %q", jsonrpc2.InvalidRequest, "abc"), framingMsg, "error: EOF"}},
		{"EOFInHeader", "Content-Len", []string{"error: unexpected EOF"}},
		{"EOFInBody", "Content-Length: 10\r\n\r\n{}", []string{"error: unexpected EOF"}},
		{"EOFWhileResyncing", "Content-Length: x\r\n\r\n{}", []string{parse, "error: EOF"}},
		{"Empty", "", []string{"error: EOF"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := framingRead(t, strings.NewReader(tc.input))
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}

// TestFrameReaderTrickle feeds a frame after junk one byte at a time, as a
// slow pipe may: the reader must wait for bytes, never spin or give up.
func TestFrameReaderTrickle(t *testing.T) {
	input := "garbage\r\n\r\n" + framed(framingMsg) + framed("{}")
	got := framingRead(t, &oneByteReader{strings.NewReader(input)})
	want := []string{fmt.Sprintf("bad %d id null", jsonrpc2.ParseError), framingMsg, "{}", "error: EOF"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
}

type oneByteReader struct{ r io.Reader }

func (o *oneByteReader) Read(p []byte) (int, error) { return o.r.Read(p[:min(1, len(p))]) }

// junkReader yields n bytes of junk without a newline, then tail; it holds
// none of it in memory.
type junkReader struct {
	n    int64
	tail io.Reader
}

func (j *junkReader) Read(p []byte) (int, error) {
	if j.n <= 0 {
		return j.tail.Read(p)
	}
	k := min(int64(len(p)), j.n)
	for i := range p[:k] {
		p[i] = "X-Junk-"[i%7]
	}
	j.n -= k
	return int(k), nil
}

// TestFrameReaderBoundedMemory reads a 64 MiB header line without a
// newline and then a frame: the reader must allocate a small fraction of
// what it skipped (jsonrpc2 v1.0.1 held the whole line).
func TestFrameReaderBoundedMemory(t *testing.T) {
	const junk = 64 << 20
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	got := framingRead(t, &junkReader{n: junk, tail: strings.NewReader(framed(framingMsg))})
	runtime.ReadMemStats(&after)
	if len(got) != 3 || got[1] != framingMsg {
		t.Fatalf("got %q", got)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("allocated %d KiB to skip %d MiB of junk", n>>10, junk>>20)
	}
}

// FuzzFrameReader: any input ends in an error after finitely many frames,
// with no panic, and every body returned is at most MaxMessage bytes.
func FuzzFrameReader(f *testing.F) {
	for _, s := range []string{framed(framingMsg), "Content-Length: 3\r\n\r\n" + framingMsg, "Content-Length: x\r\n\r\n", "\r\n\r\n", "content-length:5\n\nabcde"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, input []byte) {
		r := newFrameReader(bytes.NewReader(input))
		for i := 0; ; i++ {
			body, bad, err := r.next()
			if err != nil {
				if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Fatalf("error %v", err)
				}
				return
			}
			if bad == nil && (len(body) == 0 || len(body) > MaxMessage) {
				t.Fatalf("body of %d bytes", len(body))
			}
			if i > len(input) {
				t.Fatalf("%d frames from %d bytes", i, len(input))
			}
		}
	})
}
