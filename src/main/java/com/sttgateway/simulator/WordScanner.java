package com.sttgateway.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Counts the words of a corpus or grammar as its bytes stream past, and which of them are out of vocabulary
 * ({@link Vocabulary}). A word is a run of letters, digits and inner apostrophes or hyphens with at least one
 * letter, kept as written. In grammar mode, SRGS markup is skipped: XML tags, {@code $rule} and {@code #ABNF}
 * tokens and ABNF header statements. Only an unfinished word is held between chunks. One stream, one thread.
 */
final class WordScanner {

  private static final Set<String> ABNF_HEADERS =
      Set.of("language", "mode", "root", "tag-format", "base", "lexicon", "meta", "http-equiv", "encoding");
  private static final Set<String> ABNF_KEYWORDS = Set.of("public", "private", "version");

  private final boolean grammar;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private final SortedMap<String, Long> oov = new TreeMap<>();
  private final StringBuilder token = new StringBuilder();
  private long totalWords;
  private boolean inTag;
  private boolean inHeader;
  private char before = ' ';
  private char tokenPrefix = ' ';

  WordScanner(boolean grammar) {
    this.grammar = grammar;
  }

  static WordScanner corpus() {
    return new WordScanner(false);
  }

  static WordScanner grammar() {
    return new WordScanner(true);
  }

  /** Scans up to the last ASCII separator in the chunk; UTF-8 never uses ASCII bytes inside a character. */
  void update(byte[] chunk) {
    int cut = chunk.length - 1;
    while (cut >= 0 && (chunk[cut] < 0 || isWordByte(chunk[cut]))) {
      cut--;
    }
    if (cut < 0) {
      pending.write(chunk, 0, chunk.length);
      return;
    }
    pending.write(chunk, 0, cut + 1);
    scan(pending.toString(StandardCharsets.UTF_8));
    pending.reset();
    pending.write(chunk, cut + 1, chunk.length - cut - 1);
  }

  /** Scans what is left; call once, at the end of the body. */
  WordCount finish() {
    scan(pending.toString(StandardCharsets.UTF_8) + " ");
    pending.reset();
    return new WordCount(totalWords, oov);
  }

  private void scan(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (grammar && (inTag || c == '<')) {
        endToken();
        inTag = c != '>';
      } else if (Character.isLetterOrDigit(c) || (token.length() > 0 && (c == '\'' || c == '-'))) {
        if (token.length() == 0) {
          tokenPrefix = before;
        }
        token.append(c);
      } else {
        endToken();
        if (grammar && c == ';') {
          inHeader = false;
        }
      }
      before = c;
    }
  }

  private void endToken() {
    if (token.length() == 0) {
      return;
    }
    String word = token.toString().replaceAll("['-]+$", "");
    token.setLength(0);
    if (grammar && skipInGrammar(word.toLowerCase(Locale.ROOT))) {
      return;
    }
    if (word.chars().anyMatch(Character::isLetter)) {
      totalWords++;
      if (!Vocabulary.contains(word)) {
        oov.merge(word, 1L, Long::sum);
      }
    }
  }

  private boolean skipInGrammar(String lower) {
    if (tokenPrefix == '$' || tokenPrefix == '#' || inHeader || ABNF_KEYWORDS.contains(lower)) {
      return true;
    }
    if (ABNF_HEADERS.contains(lower)) {
      inHeader = true;
      return true;
    }
    return false;
  }

  private static boolean isWordByte(byte b) {
    return Character.isLetterOrDigit((char) b) || b == '\'' || b == '-';
  }

  /** Words seen and the out-of-vocabulary ones with their counts (sorted, as written). */
  record WordCount(long totalWords, SortedMap<String, Long> oov) {
    WordCount {
      oov = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(oov));
    }

    static final WordCount NONE = new WordCount(0, new TreeMap<>());
  }
}
