package io.autoservice.agent.tasks.integrity;

import io.autoservice.agent.tasks.integrity.SfcOutput.Verdict;
import java.util.List;
import java.util.regex.Pattern;

/**
 * SFC's closing sentences in the display languages we have a source for, for when this run's
 * CBS.log (English everywhere, {@link CbsSfcFindings}) is unreadable. Matched against the output in
 * lower case with line breaks and runs of spaces made single spaces. Each phrase's source is in
 * fixtures/tool-outputs/sfc/README.md ("Phrase table"); a language missing from a verdict had no
 * source for it. An apostrophe may be straight or typographic, hence {@code .} in French.
 */
final class SfcPhrases {
  record Phrase(String language, Verdict verdict, Pattern pattern) {}

  static final List<Phrase> ALL =
      List.of(
          p("en", Verdict.NO_VIOLATIONS, "did not find any integrity violations"),
          p("de", Verdict.NO_VIOLATIONS, "keine\\s+integrit\\S{1,3}tsverletzungen\\s+gefunden"),
          p("fr", Verdict.NO_VIOLATIONS, "n.a trouvé aucune violation d.intégrité"),
          p("es", Verdict.NO_VIOLATIONS, "no encontró ninguna infracción de integridad"),
          p(
              "it",
              Verdict.NO_VIOLATIONS,
              "non ha (?:trovato|rilevato) (?:alcuna )?violazion[ei] di integrità"),
          p("pt", Verdict.NO_VIOLATIONS, "não encontrou nenhuma violação de integridade"),
          p("ru", Verdict.NO_VIOLATIONS, "не обнаружила нарушений целостности"),
          p("nl", Verdict.NO_VIOLATIONS, "heeft geen integriteitsschendingen gevonden"),
          p("ja", Verdict.NO_VIOLATIONS, "整合性違反を検出しませんでした"),
          p("zh", Verdict.NO_VIOLATIONS, "(?:未找到|找不到)任何完整性冲突"),
          p("en", Verdict.REPAIRED, "found corrupt files and successfully repaired them"),
          p("de", Verdict.REPAIRED, "hat beschädigte dateien gefunden und erfolgreich repariert"),
          p("fr", Verdict.REPAIRED, "a trouvé des fichiers corrompus et les a réparés"),
          p("es", Verdict.REPAIRED, "encontró archivos dañados y los reparó correctamente"),
          p("pt", Verdict.REPAIRED, "encontrou arquivos corrompidos e os reparou com êxito"),
          p("ru", Verdict.REPAIRED, "обнаружила поврежденные файлы и успешно их восстановила"),
          p("ja", Verdict.REPAIRED, "正常に修復しました"),
          p("zh", Verdict.REPAIRED, "找到了损坏文件并成功修复了它们"),
          p(
              "en",
              Verdict.NOT_ALL_REPAIRED,
              "found corrupt files but was unable to fix some of them"),
          p(
              "de",
              Verdict.NOT_ALL_REPAIRED,
              "hat beschädigte dateien gefunden, konnte jedoch einige davon nicht reparieren"),
          p(
              "fr",
              Verdict.NOT_ALL_REPAIRED,
              "a trouvé des fichiers corrompus mais n.a pas pu en réparer certains"),
          p("zh", Verdict.NOT_ALL_REPAIRED, "找到了损坏文件但无法修复"),
          p("en", Verdict.COULD_NOT_PERFORM, "could not perform the requested operation"),
          p("de", Verdict.COULD_NOT_PERFORM, "konnte den angeforderten vorgang nicht ausführen"),
          p("es", Verdict.COULD_NOT_PERFORM, "no pudo realizar la operación solicitada"),
          p("zh", Verdict.COULD_NOT_PERFORM, "无法执行请求的操作"),
          p("de", Verdict.CORRUPT_FILES_FOUND, "wurden integritätsverletzungen festgestellt"));

  private SfcPhrases() {}

  private static Phrase p(String language, Verdict verdict, String regex) {
    return new Phrase(language, verdict, Pattern.compile(regex));
  }
}
