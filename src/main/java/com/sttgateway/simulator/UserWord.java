package com.sttgateway.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A custom word added with POST or PUT .../words; immutable. Kept exactly as defined: {@code sounds_like},
 * {@code display_as} and {@code mapping_only} enter the model's fingerprint.
 */
record UserWord(String word, List<String> soundsLike, String displayAs, List<String> mappingOnly) {

  UserWord {
    soundsLike = List.copyOf(soundsLike);
    mappingOnly = List.copyOf(mappingOnly);
  }

  /** Reads one definition; {@code word} is the path's word_name for PUT, the item's "word" for POST. */
  static UserWord parse(String word, JsonObject definition) {
    if (word == null || word.isBlank()) {
      throw ApiException.badRequest("Missing required field 'word'");
    }
    if (word.chars().anyMatch(Character::isWhitespace)) {
      throw ApiException.badRequest("Invalid value for 'word': '" + word + "' contains whitespace");
    }
    Object displayAs = definition.getValue("display_as");
    if (displayAs != null && !(displayAs instanceof String)) {
      throw ApiException.badRequest("Invalid value for 'display_as' of word '" + word + "' (expected: a string)");
    }
    return new UserWord(word, strings(definition, "sounds_like", word), (String) displayAs,
        strings(definition, "mapping_only", word));
  }

  /** One canonical line for the fingerprint: the definition as a JSON array (null for an absent display_as). */
  String canonical() {
    return new JsonArray().add(word).add(new JsonArray(soundsLike)).add(displayAs).add(new JsonArray(mappingOnly))
        .encode();
  }

  private static List<String> strings(JsonObject definition, String field, String word) {
    Object value = definition.getValue(field);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || !array.stream().allMatch(String.class::isInstance)) {
      throw ApiException.badRequest("Invalid value for '" + field + "' of word '" + word
          + "' (expected: an array of strings)");
    }
    List<String> out = new ArrayList<>();
    array.forEach(item -> out.add((String) item));
    return out;
  }
}
