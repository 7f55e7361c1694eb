package com.sttgateway.models;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a verify drill compares once its model is usable: the names of its corpora and grammars (language) or audio
 * (acoustic) and its user words (with sounds_like and display_as) against the vault; and, when the model itself still
 * answers upstream, what the service lists of both (word counts, out-of-vocabulary counts, audio durations, the whole
 * word list). Completes with the differences, one readable line each; empty when they agree. Event loop only.
 */
record DrillComparison(RestoreCalls calls) {

  /** One resource listing: its path, the array it answers, and the fields the service computes from the content. */
  private record Listing(ModelResource.Type type, List<String> fields) {}

  private static final List<Listing> LANGUAGE = List.of(
      new Listing(ModelResource.Type.CORPUS, List.of("total_words", "out_of_vocabulary_words")),
      new Listing(ModelResource.Type.GRAMMAR, List.of("out_of_vocabulary_words")));
  private static final List<Listing> ACOUSTIC = List.of(new Listing(ModelResource.Type.AUDIO, List.of("duration")));
  private static final List<String> WORD_FIELDS = List.of("sounds_like", "display_as");

  Future<List<String>> compare(ModelEntry e, String drill, String original, String auth) {
    List<String> differences = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Listing listing : e.kind() == ModelKind.LANGUAGE ? LANGUAGE : ACOUSTIC) {
      String sub = "/" + listing.type().path();
      chain = chain.compose(v -> both(e, drill, original, sub, auth, listing.type().path()).map(lists -> {
        Map<String, JsonObject> built = byName(lists[0], "name");
        Set<String> vaulted = new TreeSet<>();
        e.resources().stream().filter(r -> r.type() == listing.type()).forEach(r -> vaulted.add(r.name()));
        names(listing.type().path(), vaulted, built.keySet(), differences);
        fields(listing.type().path(), listing.fields(), built, lists[1] == null ? null : byName(lists[1], "name"),
            "the model", differences);
        return null;
      }));
    }
    if (e.kind() == ModelKind.LANGUAGE) {
      chain = chain.compose(v -> both(e, drill, original, "/words", auth, "words").map(lists -> {
        Map<String, JsonObject> built = byName(lists[0], "word");
        Map<String, JsonObject> users = new TreeMap<>();
        built.forEach((word, w) -> {
          if (w.getJsonArray("source", new JsonArray()).contains("user")) {
            users.put(word, w);
          }
        });
        names("user words", new TreeSet<>(e.words().fieldNames()), users.keySet(), differences);
        Map<String, JsonObject> vaulted = new TreeMap<>();
        e.words().forEach(w -> vaulted.put(w.getKey(), (JsonObject) w.getValue()));
        fields("words", WORD_FIELDS, users, vaulted, "the vault", differences);
        if (lists[1] != null) {
          names("words the service lists", byName(lists[1], "word").keySet(), built.keySet(), differences);
        }
        return null;
      }));
    }
    return chain.map(differences);
  }

  /** The drill's listing and the model's (null when the model does not answer it). */
  private Future<JsonArray[]> both(ModelEntry e, String drill, String original, String sub, String auth,
      String array) {
    String path = ModelRestorer.modelPath(e, drill) + sub;
    return calls.poll(path, auth, json -> true, "list " + sub.substring(1) + " of the drill model")
        .compose(built -> original == null ? Future.succeededFuture(new JsonArray[] {built.getJsonArray(array), null})
            : calls.get(ModelRestorer.modelPath(e, original) + sub, auth).map(reply -> new JsonArray[] {
                built.getJsonArray(array, new JsonArray()),
                reply.status() == 200 ? reply.json().getJsonArray(array, new JsonArray()) : null}));
  }

  private static Map<String, JsonObject> byName(JsonArray list, String key) {
    Map<String, JsonObject> out = new TreeMap<>();
    (list == null ? new JsonArray() : list).forEach(o -> out.put(((JsonObject) o).getString(key), (JsonObject) o));
    return out;
  }

  private static void names(String what, Set<String> expected, Set<String> built, List<String> differences) {
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(built);
    Set<String> extra = new TreeSet<>(built);
    extra.removeAll(expected);
    if (!missing.isEmpty()) {
      differences.add(what + ": missing from the drill model: " + String.join(", ", missing));
    }
    if (!extra.isEmpty()) {
      differences.add(what + ": only in the drill model: " + String.join(", ", extra));
    }
  }

  /** For each name in both: each of {@code fields} the reference has must be equal in the drill's. */
  private static void fields(String what, List<String> fields, Map<String, JsonObject> built,
      Map<String, JsonObject> reference, String referenceName, List<String> differences) {
    if (reference == null) {
      return;
    }
    built.forEach((name, b) -> {
      JsonObject r = reference.get(name);
      for (String field : fields) {
        if (r != null && r.containsKey(field) && !Objects.equals(r.getValue(field), b.getValue(field))) {
          differences.add(what + "/" + name + ": " + field + " " + b.getValue(field) + " in the drill model, "
              + r.getValue(field) + " in " + referenceName);
        }
      }
    });
  }
}
