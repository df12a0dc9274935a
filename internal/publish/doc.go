// Package publish writes the published pages of articles for a reader:
// one page on its own (render --html FILE), or a folder of pages with the
// archived originals beside them and an index (render --html --out DIR
// PATH...).
//
// The naming is pure (plan.go): every article's page lies at its path
// relative to the deepest folder holding every PATH (a folder named is
// itself such a folder; a file named, its folder), with .bp.md replaced by
// .html. Distinct articles then have distinct names; the names that could
// still meet (the same name in another case, for a file system that
// ignores case; a page named index.html beside the index; an article not
// named *.bp.md whose page is another's) are reported as collisions, and
// the later article is not written. An archived original is copied beside
// its page under its own name with ".txt" added unless it ends so: it can
// never overwrite a page, and a browser shows it as text, never runs it.
//
// Reading goes through the check package's walk (folders searched for
// *.bp.md, symbolic links leading out of a folder refused) and the
// archive package's reader of originals (nothing outside the folder the
// user named, or the article's own folder for a file). Every write goes
// through an os.Root of the output folder, so that no name, and no
// symbolic link already in the folder, makes a write land outside it.
// Memory holds one article at a time and a line of the index per article.
package publish
