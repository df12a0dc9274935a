package wcag

import (
	"fmt"
	"math"
)

// AA is the contrast ratio WCAG 2.x level AA asks of normal text.
const AA = 4.5

// Color is an sRGB colour, 8 bits a channel.
type Color struct{ R, G, B uint8 }

// Parse reads a colour written "#rgb" or "#rrggbb" (hexadecimal digits in
// either case), the only forms the configuration accepts: they mean the
// same in every browser and carry no transparency, whose contrast would
// depend on what lies beneath.
func Parse(s string) (Color, error) {
	if len(s) != 4 && len(s) != 7 || s[0] != '#' {
		return Color{}, fmt.Errorf("colour %q must be written #rgb or #rrggbb", s)
	}
	var v [6]uint8
	digits := s[1:]
	for i := range len(digits) {
		d, ok := hexDigit(digits[i])
		if !ok {
			return Color{}, fmt.Errorf("colour %q must be written #rgb or #rrggbb", s)
		}
		v[i] = d
	}
	if len(digits) == 3 {
		return Color{v[0] * 17, v[1] * 17, v[2] * 17}, nil
	}
	return Color{v[0]<<4 | v[1], v[2]<<4 | v[3], v[4]<<4 | v[5]}, nil
}

func hexDigit(c byte) (uint8, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// Luminance returns c's relative luminance, 0 for black to 1 for white.
func (c Color) Luminance() float64 {
	return 0.2126*linear(c.R) + 0.7152*linear(c.G) + 0.0722*linear(c.B)
}

// linear undoes sRGB's gamma for one channel. The threshold is the sRGB
// standard's 0.04045; WCAG's text says 0.03928, which no 8-bit value
// falls between.
func linear(v uint8) float64 {
	s := float64(v) / 255
	if s <= 0.04045 {
		return s / 12.92
	}
	return math.Pow((s+0.055)/1.055, 2.4)
}

// Ratio returns the contrast ratio of a and b, from 1 (the same) to 21
// (black on white), whichever is lighter.
func Ratio(a, b Color) float64 {
	la, lb := a.Luminance(), b.Luminance()
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// RatioOf parses two colours and returns their contrast ratio.
func RatioOf(a, b string) (float64, error) {
	ca, err := Parse(a)
	if err != nil {
		return 0, err
	}
	cb, err := Parse(b)
	if err != nil {
		return 0, err
	}
	return Ratio(ca, cb), nil
}

// String returns c as "#rrggbb".
func (c Color) String() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }
