package tree_sitter_bluepencil_test

import (
	"testing"

	tree_sitter "github.com/smacker/go-tree-sitter"
	"github.com/tree-sitter/tree-sitter-bluepencil"
)

func TestCanLoadGrammar(t *testing.T) {
	language := tree_sitter.NewLanguage(tree_sitter_bluepencil.Language())
	if language == nil {
		t.Errorf("Error loading Bluepencil grammar")
	}
}
