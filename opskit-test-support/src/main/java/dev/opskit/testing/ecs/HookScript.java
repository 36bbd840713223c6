package dev.opskit.testing.ecs;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The verdicts tests scripted per hook target and stage, one consumed per invocation; the last one
 * repeats. Unscripted hooks succeed. Guarded by the FakeEcs lock.
 */
final class HookScript {
  private final Map<String, Deque<HookVerdict>> verdicts = new HashMap<>();

  void script(String targetArn, String stage, List<HookVerdict> answers) {
    verdicts.put(targetArn + " " + stage, new ArrayDeque<>(answers));
  }

  HookVerdict next(String targetArn, String stage) {
    Deque<HookVerdict> answers = verdicts.get(targetArn + " " + stage);
    if (answers == null || answers.isEmpty()) {
      return HookVerdict.SUCCEED;
    }
    return answers.size() > 1 ? answers.poll() : answers.peek();
  }
}
