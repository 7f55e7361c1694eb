package com.sttgateway.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table with left-aligned columns two spaces apart, for the {@code ops} command's output. */
final class TextTable {

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  TextTable(String... headers) {
    this.headers = List.of(headers);
  }

  /** Adds a row; null cells print as "-", missing trailing cells as empty. */
  TextTable row(Object... cells) {
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(cell == null ? "-" : String.valueOf(cell).replace('\n', ' '));
    }
    rows.add(row);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The table; without headers (a key/value list) only the rows. Lines end with '\n', no trailing blanks. */
  String render() {
    int columns = Math.max(headers.size(), rows.stream().mapToInt(List::size).max().orElse(0));
    int[] widths = new int[columns];
    List<List<String>> all = new ArrayList<>();
    if (!headers.isEmpty()) {
      all.add(headers);
    }
    all.addAll(rows);
    for (List<String> row : all) {
      for (int c = 0; c < row.size(); c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.size(); c++) {
        String cell = row.get(c);
        line.append(cell);
        if (c < row.size() - 1) {
          char[] pad = new char[widths[c] - cell.length() + 2];
          Arrays.fill(pad, ' ');
          line.append(pad);
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
