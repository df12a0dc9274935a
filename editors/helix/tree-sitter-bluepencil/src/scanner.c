// External scanner of the bluepencil grammar: a line break inside a mark is
// a token only when the paragraph goes on after it. Before a blank line (or
// the end of the file) there is no token, so an unclosed mark ends at its
// paragraph, as the article's own parser cuts it, instead of colouring the
// rest of the article.

#include "tree_sitter/parser.h"

enum TokenType { LINE_BREAK };

void *tree_sitter_bluepencil_external_scanner_create(void) { return NULL; }
void tree_sitter_bluepencil_external_scanner_destroy(void *payload) { (void)payload; }
unsigned tree_sitter_bluepencil_external_scanner_serialize(void *payload, char *buffer) {
  (void)payload;
  (void)buffer;
  return 0;
}
void tree_sitter_bluepencil_external_scanner_deserialize(void *payload, const char *buffer, unsigned length) {
  (void)payload;
  (void)buffer;
  (void)length;
}

bool tree_sitter_bluepencil_external_scanner_scan(void *payload, TSLexer *lexer, const bool *valid_symbols) {
  (void)payload;
  if (!valid_symbols[LINE_BREAK]) return false;
  if (lexer->lookahead == '\r') lexer->advance(lexer, false);
  if (lexer->lookahead != '\n') return false;
  lexer->advance(lexer, false);
  lexer->mark_end(lexer);
  // Look ahead, without taking it into the token, for a blank line.
  while (lexer->lookahead == ' ' || lexer->lookahead == '\t' || lexer->lookahead == '\r') {
    lexer->advance(lexer, false);
  }
  if (lexer->lookahead == '\n' || lexer->eof(lexer)) return false;
  lexer->result_symbol = LINE_BREAK;
  return true;
}
