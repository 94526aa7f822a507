package io.autoservice.agent.tasks.furmark;

/**
 * One GPU block of FurMark's quick stats ({@code - GPU 0: NVIDIA GeForce RTX 3060 [10DE-2504]} and
 * its {@code .max temperature: 52°C} lines). A boxed field is null when FurMark did not print it.
 *
 * @param index the GPU's number
 * @param name its name
 * @param id the bracketed PCI vendor-device id, e.g. {@code 10DE-2504}, or null if none
 * @param maxTemperatureC the highest temperature in °C
 * @param maxUsagePercent the highest load in percent
 * @param maxCoreClockMhz the highest core clock in MHz
 * @param minCoreClockMhz the lowest core clock in MHz
 */
public record FurMarkGpu(
    int index,
    String name,
    String id,
    Integer maxTemperatureC,
    Integer maxUsagePercent,
    Integer maxCoreClockMhz,
    Integer minCoreClockMhz) {

  FurMarkGpu withTemperature(Integer v) {
    return new FurMarkGpu(index, name, id, v, maxUsagePercent, maxCoreClockMhz, minCoreClockMhz);
  }

  FurMarkGpu withUsage(Integer v) {
    return new FurMarkGpu(index, name, id, maxTemperatureC, v, maxCoreClockMhz, minCoreClockMhz);
  }

  FurMarkGpu withMaxClock(Integer v) {
    return new FurMarkGpu(index, name, id, maxTemperatureC, maxUsagePercent, v, minCoreClockMhz);
  }

  FurMarkGpu withMinClock(Integer v) {
    return new FurMarkGpu(index, name, id, maxTemperatureC, maxUsagePercent, maxCoreClockMhz, v);
  }
}
