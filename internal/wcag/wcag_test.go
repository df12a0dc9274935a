package wcag

import (
	"math"
	"testing"
)

func TestRatio(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"#000", "#fff", 21},
		{"#000000", "#FFFFFF", 21},
		{"#fff", "#fff", 1},
		{"#777", "#fff", 4.48},
		{"#767676", "#ffffff", 4.54}, // the lightest grey that passes AA on white
		{"#1e3a8a", "#dbeafe", 8.49},
		{"#f00", "#fff", 4.0},
		{"#00f", "#fff", 8.59},
		{"#fff", "#777", 4.48}, // order does not matter
	} {
		got, err := RatioOf(tc.a, tc.b)
		if err != nil {
			t.Fatalf("%s on %s: %v", tc.b, tc.a, err)
		}
		if math.Abs(got-tc.want) > 0.005 {
			t.Errorf("%s / %s: ratio %.3f, want %.2f", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"#abc", "#aabbcc", true},
		{"#AbCdEf", "#abcdef", true},
		{"#000", "#000000", true},
		{"abc", "", false},
		{"#abcd", "", false},
		{"#abcdeg", "", false},
		{"#12345678", "", false},
		{"", "", false},
		{"#", "", false},
		{"blue", "", false},
		{"rgb(0,0,0)", "", false},
		{"#ｆｆｆ", "", false},
	} {
		c, err := Parse(tc.in)
		if (err == nil) != tc.ok || tc.ok && c.String() != tc.want {
			t.Errorf("Parse(%q) = %v, %v; want %s ok=%v", tc.in, c, err, tc.want, tc.ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"#fff", "#000000", "#zzz", "", "#"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err != nil {
			return
		}
		if len(s) == 7 && c.String() != toLower(s) {
			t.Errorf("Parse(%q).String() = %q", s, c.String())
		}
		if r := Ratio(c, Color{255, 255, 255}); r < 1 || r > 21.0001 {
			t.Errorf("ratio %v out of range", r)
		}
	})
}

func toLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}
