// Package wcag measures colour contrast as the Web Content Accessibility
// Guidelines define it (WCAG 2.x, "contrast ratio" and "relative
// luminance"), for the colours a publisher configures and the page's own:
// text must reach AA, 4.5:1, against its background.
//
// It is pure and small on purpose: the configuration checks a publisher's
// colours with it, and the renderer's tests check the built-in ones.
package wcag
