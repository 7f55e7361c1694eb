package com.sttgateway.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The words resource of a custom language model: POST (many, processed asynchronously), PUT (one, synchronous),
 * list, get, delete. Deleting removes a user word; a word that only comes from corpora or grammars leaves with
 * them (a simplification). Event loop only.
 */
record WordRoutes(CustomModels models, ModelLifecycle lifecycle, InstancePaths instances) {

  void mount(Router router) {
    String root = instances.mountBase() + "/v1/" + ModelKind.LANGUAGE.path() + "/:id/words";
    router.post(root).handler(this::addMany);
    router.get(root).handler(this::list);
    router.put(root + "/:word").handler(this::addOne);
    router.get(root + "/:word").handler(this::get);
    router.delete(root + "/:word").handler(this::delete);
  }

  private void addMany(RoutingContext ctx) {
    String owner = instances.owner(ctx);
    String id = ctx.pathParam("id");
    models.get(owner, ModelKind.LANGUAGE, id);
    ModelParams.json(ctx.request())
        .map(body -> store(owner, id, parseMany(body), true))
        .onSuccess(model -> lifecycle.wordsAdded(id))
        .compose(model -> Replies.json(ctx.response(), 201, new JsonObject()))
        .onFailure(ctx::fail);
  }

  private void addOne(RoutingContext ctx) {
    String owner = instances.owner(ctx);
    String id = ctx.pathParam("id");
    String word = ctx.pathParam("word");
    models.get(owner, ModelKind.LANGUAGE, id);
    ModelParams.json(ctx.request())
        .map(body -> store(owner, id, List.of(UserWord.parse(word, body)), false))
        .compose(model -> Replies.json(ctx.response(), 201, new JsonObject()))
        .onFailure(ctx::fail);
  }

  private static List<UserWord> parseMany(JsonObject body) {
    if (!(body.getValue("words") instanceof JsonArray items) || items.isEmpty()) {
      throw ApiException.badRequest("Missing required field 'words' (a non-empty array)");
    }
    return items.stream().map(item -> {
      if (!(item instanceof JsonObject definition)) {
        throw ApiException.badRequest("Invalid item in 'words' (expected: objects)");
      }
      return UserWord.parse(ModelParams.optionalString(definition, "word"), definition);
    }).toList();
  }

  private CustomModel store(String owner, String id, List<UserWord> added, boolean pending) {
    return models.update(owner, ModelKind.LANGUAGE, id, (model, now) -> {
      ModelTraining.refuseIfBusy(model);
      SortedMap<String, UserWord> words = new TreeMap<>(model.content().words());
      added.forEach(word -> words.put(word.word(), word));
      return model.withContent(content -> content.withWords(words, pending), now);
    });
  }

  private void list(RoutingContext ctx) {
    CustomModel model = models.get(instances.owner(ctx), ModelKind.LANGUAGE, ctx.pathParam("id"));
    String type = ModelParams.oneOf(ctx.request(), "word_type", "all", "all", "user", "corpora", "grammars");
    String sort = ModelParams.oneOf(ctx.request(), "sort", "alphabetical", "alphabetical", "+alphabetical",
        "-alphabetical", "count", "+count", "-count");
    Comparator<WordsView.Entry> order = sort.endsWith("count")
        ? Comparator.comparingLong(WordsView.Entry::count).thenComparing(WordsView.Entry::word)
        : Comparator.comparing(WordsView.Entry::word);
    // Alphabetical sorts ascending and count descending unless a sign says otherwise (API reference of listWords).
    if (sort.startsWith("-") || sort.equals("count")) {
      order = order.reversed();
    }
    JsonArray words = new JsonArray();
    WordsView.of(model.content()).values().stream()
        .filter(entry -> switch (type) {
          case "user" -> entry.user() != null;
          case "corpora" -> entry.fromCorpora();
          case "grammars" -> entry.fromGrammars();
          default -> true;
        })
        .sorted(order)
        .forEach(entry -> words.add(entry.toJson()));
    Replies.json(ctx.response(), 200, new JsonObject().put("words", words));
  }

  private void get(RoutingContext ctx) {
    CustomModel model = models.get(instances.owner(ctx), ModelKind.LANGUAGE, ctx.pathParam("id"));
    WordsView.Entry entry = WordsView.of(model.content()).get(ctx.pathParam("word"));
    if (entry == null) {
      throw ApiException.notFound("No word '" + ctx.pathParam("word") + "' in custom language model " + model.id());
    }
    Replies.json(ctx.response(), 200, entry.toJson());
  }

  private void delete(RoutingContext ctx) {
    String word = ctx.pathParam("word");
    models.update(instances.owner(ctx), ModelKind.LANGUAGE, ctx.pathParam("id"), (model, now) -> {
      ModelTraining.refuseIfBusy(model);
      if (!model.content().words().containsKey(word)) {
        throw ApiException.notFound("No user word '" + word + "' in custom language model " + model.id());
      }
      SortedMap<String, UserWord> words = new TreeMap<>(model.content().words());
      words.remove(word);
      return model.withContent(content -> content.withWords(words, false), now);
    });
    Replies.json(ctx.response(), 200, new JsonObject());
  }
}
