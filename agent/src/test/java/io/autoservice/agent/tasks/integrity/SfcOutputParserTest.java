package io.autoservice.agent.tasks.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.tasks.integrity.SfcOutput.Verdict;
import io.autoservice.agent.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SfcOutputParserTest {
  private static SfcOutput recorded(String name) {
    return SfcOutputParser.parse(Fixtures.lines("sfc", name));
  }

  private static SfcOutput utf16(String name) {
    return SfcOutputParser.parse(IntegrityFixtures.lines("sfc", name, StandardCharsets.UTF_16LE));
  }

  @Test
  void shouldReadNoViolationsFromTheAzureDocsRecording() {
    SfcOutput p = recorded("en-no-violations-azure-docs.txt");

    assertThat(p.verdict()).isEqualTo(Verdict.NO_VIOLATIONS);
    assertThat(p.integrityViolations()).isFalse();
    assertThat(p.repairsAttempted()).isFalse();
    assertThat(p.repairsSuccessful()).isNull();
    assertThat(p.verificationComplete()).isTrue();
    assertThat(p.lastPercent()).isEqualTo(100);
    assertThat(p.accessDenied()).isFalse();
    assertThat(p.pendingReboot()).isFalse();
    assertThat(p.preview())
        .isEqualTo(
            "Beginning system scan.  This process will take some time.\n"
                + "Beginning verification phase of system scan.\n"
                + "Verification 100% complete.\n"
                + "Windows Resource Protection did not find any integrity violations.");
  }

  @Test
  void shouldReadNoViolationsFromTheMsLearnRecording() {
    SfcOutput p = recorded("en-win10-no-violations-mslearn-quickfixes.txt");
    assertThat(p.verdict()).isEqualTo(Verdict.NO_VIOLATIONS);
    assertThat(p.verificationComplete()).isTrue();
    assertThat(p.message())
        .startsWith("C:\\>sfc /scannow\n")
        .endsWith("did not find any integrity violations.");
  }

  @Test
  void shouldReadNoViolationsFromTheWin10_1903Recording() {
    SfcOutput p = recorded("en-win10-1903-no-violations-blanklines-lost.txt");
    assertThat(p.verdict()).isEqualTo(Verdict.NO_VIOLATIONS);
    assertThat(p.integrityViolations()).isFalse();
    assertThat(p.verificationComplete()).isTrue();
  }

  @Test
  void shouldReadTheGermanRecordingsVerdictAndProgress() {
    SfcOutput p = recorded("de-win10-1709-no-violations-blanklines-lost.txt");

    assertThat(p.verdict()).isEqualTo(Verdict.NO_VIOLATIONS);
    assertThat(p.integrityViolations()).isFalse();
    assertThat(p.verificationComplete()).as("Überprüfung 100 % abgeschlossen.").isTrue();
    assertThat(p.message())
        .endsWith("Der Windows-Ressourcenschutz hat keine Integritätsverletzungen gefunden.");
  }

  @Test
  void shouldReadARepairWhoseSentenceIsWrappedOverTwoLines() {
    // "… found corrupt files and successfully repaired" / "them. Details are included …"
    SfcOutput p = recorded("en-repaired-win10-2016-old-cbs-wording.txt");

    assertThat(p.verdict()).isEqualTo(Verdict.REPAIRED);
    assertThat(p.integrityViolations()).isTrue();
    assertThat(p.repairsAttempted()).isTrue();
    assertThat(p.repairsSuccessful()).isTrue();
    assertThat(p.verificationComplete()).isTrue();
  }

  @Test
  void shouldReadUnableToFixSomeFromTheServer2022Recording() {
    SfcOutput p = recorded("en-unable-to-fix-some-winserver2022.txt");

    assertThat(p.verdict()).isEqualTo(Verdict.NOT_ALL_REPAIRED);
    assertThat(p.integrityViolations()).isTrue();
    assertThat(p.repairsAttempted()).isTrue();
    assertThat(p.repairsSuccessful()).isFalse();
    assertThat(p.message())
        .contains("For online repairs, details are included in the CBS log file located at");
  }

  @Test
  void shouldReadUnableToFixSomeWhenTheSentenceIsWrapped() {
    // The original matched line by line and missed this sentence ("… unable to fix some" /
    // "of them."), so it reported success. Here the sentence is read across the break.
    SfcOutput p = recorded("en-win7-8-unable-to-fix-some-old-wording-blanklines-lost.txt");

    assertThat(p.verdict()).isEqualTo(Verdict.NOT_ALL_REPAIRED);
    assertThat(p.repairsSuccessful()).isFalse();
  }

  @Test
  void shouldSeeThatSfcWasNotRunAsAdministrator() {
    SfcOutput p = recorded("en-not-elevated-must-be-administrator.txt");

    assertThat(p.accessDenied()).isTrue();
    assertThat(p.verdict()).isEqualTo(Verdict.NONE);
    assertThat(p.verificationComplete()).isFalse();
    assertThat(p.integrityViolations()).isNull();
  }

  @Test
  void shouldReadEveryUtf16ReplayLikeItsRecording() {
    assertThat(utf16("en-no-violations-azure-docs.utf16le.txt").verdict())
        .isEqualTo(Verdict.NO_VIOLATIONS);
    assertThat(utf16("de-win10-1709-no-violations-blanklines-lost.utf16le.txt").verdict())
        .isEqualTo(Verdict.NO_VIOLATIONS);
    assertThat(utf16("en-repaired-win10-2016-old-cbs-wording.utf16le.txt").verdict())
        .isEqualTo(Verdict.REPAIRED);
    assertThat(
            utf16("en-win7-8-unable-to-fix-some-old-wording-blanklines-lost.utf16le.txt").verdict())
        .isEqualTo(Verdict.NOT_ALL_REPAIRED);
    assertThat(utf16("en-not-elevated-must-be-administrator.utf16le.txt").accessDenied()).isTrue();
  }

  @Test
  void shouldKeepOnlyTheLastLineOfAProgressRun() {
    SfcOutput p = utf16("en-no-violations-azure-docs.utf16le.txt");

    assertThat(p.lastPercent()).isEqualTo(100);
    assertThat(p.message().split("\n"))
        .containsExactly(
            "Beginning system scan.  This process will take some time.",
            "Beginning verification phase of system scan.",
            "Verification 100% complete.",
            "Windows Resource Protection did not find any integrity violations.");
  }

  @Test
  void shouldSeeAPendingRepair() {
    SfcOutput p = utf16("synthetic-en-pending-reboot.utf16le.txt");
    assertThat(p.pendingReboot()).isTrue();
    assertThat(p.verdict()).isEqualTo(Verdict.NONE);
  }

  @Test
  void shouldReadCouldNotPerformTheRequestedOperation() {
    SfcOutput p = utf16("synthetic-en-could-not-perform.utf16le.txt");
    assertThat(p.verdict()).isEqualTo(Verdict.COULD_NOT_PERFORM);
    assertThat(p.integrityViolations()).isNull();
    assertThat(p.repairsAttempted()).isFalse();
    assertThat(p.repairsSuccessful()).isFalse();
  }

  @Test
  void shouldSeeThatAnInterruptedScanNeverCompleted() {
    SfcOutput p = utf16("synthetic-en-interrupted-at-42pct.utf16le.txt");
    assertThat(p.lastPercent()).isEqualTo(42);
    assertThat(p.verificationComplete()).isFalse();
    assertThat(p.verdict()).isEqualTo(Verdict.NONE);
    assertThat(p.message()).endsWith("Verification 42% complete.");
  }

  @Test
  void shouldReadTheRussianVerdictFromThePhraseTable() {
    // Was Verdict.NONE ("a language it has no recording for"): Russian is in SfcPhrases now.
    SfcOutput p = utf16("synthetic-ru-no-violations-unrecognised-language.utf16le.txt");
    assertThat(p.verdict()).isEqualTo(Verdict.NO_VIOLATIONS);
    assertThat(p.integrityViolations()).isFalse();
    assertThat(p.verificationComplete()).as("progress is read by its shape").isTrue();
    assertThat(p.message())
        .endsWith("Защита ресурсов Windows не обнаружила нарушений целостности.");
  }

  @Test
  void shouldReadGermanCouldNotPerformAndViolationsFound() {
    SfcOutput fail = utf16("de-could-not-perform-at-23pct-notes.utf16le.txt");
    assertThat(fail.verdict()).isEqualTo(Verdict.COULD_NOT_PERFORM);
    assertThat(fail.repairsSuccessful()).isFalse();
    assertThat(fail.verificationComplete()).isFalse();
    assertThat(fail.lastPercent()).isEqualTo(23);
    SfcOutput found = utf16("de-violations-found-offline-logging-note-notes.utf16le.txt");
    assertThat(found.verdict()).isEqualTo(Verdict.CORRUPT_FILES_FOUND);
    assertThat(found.integrityViolations()).isTrue();
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "fr | La protection des ressources Windows n\u2019a trouvé aucune violation d\u2019intégrité. | NO_VIOLATIONS",
        "es | Protección de recursos de Windows no encontró ninguna infracción de integridad. | NO_VIOLATIONS",
        "it | Protezione risorse di Windows non ha trovato violazioni di integrità. | NO_VIOLATIONS",
        "pt | A Proteção de Recursos do Windows não encontrou nenhuma violação de integridade. | NO_VIOLATIONS",
        "nl | Windows Resource Protection heeft geen integriteitsschendingen gevonden. | NO_VIOLATIONS",
        "ja | Windows リソース保護は、整合性違反を検出しませんでした。 | NO_VIOLATIONS",
        "zh | Windows 资源保护未找到任何完整性冲突。 | NO_VIOLATIONS",
        "es repaired | Protección de recursos de Windows encontró archivos dañados y los reparó correctamente. | REPAIRED",
        "ru repaired | Защита ресурсов Windows обнаружила поврежденные файлы и успешно их восстановила. | REPAIRED",
        "zh unable | Windows 资源保护找到了损坏文件但无法修复 | NOT_ALL_REPAIRED",
        "fr unable | La Protection des ressources Windows a trouvé des fichiers corrompus mais n'a pas pu en réparer certains. | NOT_ALL_REPAIRED",
        "es could not | Protección de recursos de Windows no pudo realizar la operación solicitada. | COULD_NOT_PERFORM",
      })
  void shouldReadTheClosingSentenceInEveryTabledLanguage(
      String language, String sentence, Verdict expected) {
    SfcOutput p = SfcOutputParser.parse(List.of("", sentence));
    assertThat(p.verdict()).as(language).isEqualTo(expected);
  }

  @Test
  void shouldFlagAnInconsistentComponentStore() {
    // Wording made up for the spec's rule ("component store" + corrupt/inconsistent); no recording.
    SfcOutput p = SfcOutputParser.parse(List.of("The component store is inconsistent."));
    assertThat(p.winsxsRepairPending()).isTrue();
  }

  @Test
  void shouldSeeAccessDeniedOnOneLine() {
    assertThat(SfcOutputParser.parse(List.of("Access is denied.")).accessDenied()).isTrue();
    assertThat(SfcOutputParser.parse(List.of("access", "denied")).accessDenied()).isFalse();
  }

  @Test
  void shouldLetTheLastVerdictWinInAPastedSession() {
    List<String> lines =
        new ArrayList<>(Fixtures.lines("sfc", "en-unable-to-fix-some-winserver2022.txt"));
    lines.addAll(Fixtures.lines("sfc", "en-no-violations-azure-docs.txt"));
    assertThat(SfcOutputParser.parse(lines).verdict()).isEqualTo(Verdict.NO_VIOLATIONS);
  }

  @Test
  void shouldTreatAFoundCorruptFilesSentenceWithoutOutcomeAsRepairsAttempted() {
    SfcOutput p =
        SfcOutputParser.parse(
            List.of("Windows Resource Protection found corrupt files. See CBS.log."));
    assertThat(p.verdict()).isEqualTo(Verdict.CORRUPT_FILES_FOUND);
    assertThat(p.integrityViolations()).isTrue();
    assertThat(p.repairsAttempted()).isTrue();
    assertThat(p.repairsSuccessful()).isNull();
  }

  @Test
  void shouldReportProgressFromPercentageLinesInAnyLanguage() {
    assertThat(SfcOutputParser.progress("Verification 42% complete."))
        .isEqualTo(OptionalInt.of(42));
    assertThat(SfcOutputParser.progress("Überprüfung 7 % abgeschlossen."))
        .isEqualTo(OptionalInt.of(7));
    assertThat(SfcOutputParser.progress("Проверка 99% завершена.")).isEqualTo(OptionalInt.of(99));
    assertThat(SfcOutputParser.progress("Beginning verification phase of system scan."))
        .isEqualTo(OptionalInt.of(0));
    assertThat(SfcOutputParser.progress("Überprüfungsphase der Systemsuche wird gestartet."))
        .isEqualTo(OptionalInt.of(0));
    assertThat(
            SfcOutputParser.progress(
                "Windows Resource Protection did not find any integrity violations."))
        .isEmpty();
    assertThat(SfcOutputParser.progress("Verification 420% complete.")).isEmpty();
    assertThat(SfcOutputParser.progress(null)).isEmpty();
  }

  @Test
  void shouldNeverThrow() {
    assertThat(SfcOutputParser.parse(null).verdict()).isEqualTo(Verdict.NONE);
    assertThat(SfcOutputParser.parse(Arrays.asList(null, "", "  ", "\u0000\uFFFD")).message())
        .isEqualTo("\u0000\uFFFD");
    assertThat(SfcOutputParser.parse(List.of("x".repeat(1_000_000) + "%")).verdict())
        .isEqualTo(Verdict.NONE);
    byte[] noise = new byte[4096];
    new java.util.Random(7).nextBytes(noise);
    assertThat(
            SfcOutputParser.parse(List.of(new String(noise, StandardCharsets.ISO_8859_1)))
                .verdict())
        .isEqualTo(Verdict.NONE);
  }
}
