package render

import "testing"

func TestSafeURL(t *testing.T) {
	tests := []struct {
		url  string
		link bool // safe as a link
	}{
		{"https://example.com/a", true},
		{"HTTP://example.com", true},
		{"mailto:a@example.com", true},
		{"/relative/path", true},
		{"relative:colon-after/slash", false},
		{"page.html#frag", true},
		{"?q=a:b", true},
		{"//example.com/x", true},
		{"", true},
		{"javascript:alert(1)", false},
		{"JavaScript:alert(1)", false},
		{" \x01javascript:alert(1)", false},
		{"java\tscript:alert(1)", false},
		{"java\nscript:alert(1)", false},
		{"vbscript:x", false},
		{"data:text/html,x", false},
		{"file:///etc/passwd", false},
		{"ftp://example.com", false},
		{"x-unknown+scheme:1", false},
		{"1javascript:x", true}, // a scheme starts with a letter: this is a path
	}
	for _, tt := range tests {
		if got := safeURL(tt.url, linkSchemes); got != tt.link {
			t.Errorf("safeURL(%q) = %v, want %v", tt.url, got, tt.link)
		}
	}
	if safeURL("mailto:a@example.com", imageSchemes) {
		t.Error("an image may not load a mailto address")
	}
}
