package io.autoservice.agent.tasks.battery;

/**
 * One battery as a {@link BatterySource} read it, in plain units. A boxed field is {@code null}
 * when the source does not say.
 *
 * @param id the source's name for it ({@code BAT0}; powercfg's {@code Id}, e.g. {@code L23B4PK4})
 * @param source where it was read, e.g. {@code /sys/class/power_supply/BAT0} or {@code powercfg
 *     /batteryreport}
 * @param vendor manufacturer
 * @param model model name
 * @param serialNumber serial number, trimmed
 * @param technology chemistry ({@code Li-ion}, {@code Li-poly}, …), {@code Unknown} if not given
 * @param percent state of charge, 0–100
 * @param state {@code Charging}, {@code Discharging}, {@code Full}, {@code Not charging}, {@code
 *     Empty} or {@code Unknown}
 * @param temperatureC temperature in °C
 * @param cycleCount charge cycles
 * @param energyWh energy now, Wh
 * @param energyFullWh energy when full (today), Wh
 * @param energyFullDesignWh energy when full as designed, Wh
 * @param voltageV voltage now, V
 * @param timeToEmptySeconds estimated time to empty while discharging
 * @param timeToFullSeconds estimated time to full while charging
 */
public record BatteryReading(
    String id,
    String source,
    String vendor,
    String model,
    String serialNumber,
    String technology,
    Double percent,
    String state,
    Double temperatureC,
    Long cycleCount,
    Double energyWh,
    Double energyFullWh,
    Double energyFullDesignWh,
    Double voltageV,
    Long timeToEmptySeconds,
    Long timeToFullSeconds) {}
