package io.autoservice.agent.tasks.ai;

import java.util.List;

/**
 * How one AI task names things in its result (the two AI tasks differ only in words) and what it
 * asks the model.
 *
 * @param noun what is enumerated, for messages ("startup items")
 * @param previewMode {@code human_readable.mode} when nothing is changed
 * @param hrTotal key of the enumerated count in {@code human_readable}
 * @param hrDisabled key of the disabled count
 * @param hrSkipped key of the skipped count
 * @param hrKept key of the kept-enabled count
 * @param hrEstimate key of the model's estimate of the benefit
 * @param estimateSource the {@code analysis_summary} key that estimate is read from
 * @param allKey key of the enumerated list in {@code results}
 * @param errorItemsKey key of the enumerated list in the AI-failure variant of {@code results}
 * @param labelKey key naming an entry in {@code disabled}, {@code skipped}, {@code errors}
 * @param recommendationFields keys copied from the model's recommendation into {@code disabled}
 * @param inverseFlag the parameter that turns {@code apply_changes} off ({@code dry_run}, {@code
 *     preview_mode})
 * @param systemPrompt the instructions for the model
 * @param temperature the sampling temperature
 */
public record Vocabulary(
    String noun,
    String previewMode,
    String hrTotal,
    String hrDisabled,
    String hrSkipped,
    String hrKept,
    String hrEstimate,
    String estimateSource,
    String allKey,
    String errorItemsKey,
    String labelKey,
    List<String> recommendationFields,
    String inverseFlag,
    String systemPrompt,
    double temperature) {

  public static final String APPLIED_MODE = "Applied Changes";

  public Vocabulary {
    recommendationFields = List.copyOf(recommendationFields);
  }
}
