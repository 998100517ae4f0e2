package io.fasterapi.pg.protocol;

import java.time.Duration;
import java.time.Period;

/**
 * A PostgreSQL {@code interval}: months, days and microseconds, kept apart as the server keeps them (a month
 * is not a fixed number of days, nor a day of hours across DST changes).
 */
public record PgInterval(int months, int days, long micros) {

    public static PgInterval of(Duration duration) {
        return new PgInterval(0, 0, Math.addExact(Math.multiplyExact(duration.getSeconds(), 1_000_000L),
                duration.getNano() / 1000));
    }

    public static PgInterval of(Period period) {
        return new PgInterval(Math.toIntExact(period.toTotalMonths()), period.getDays(), 0);
    }

    /** The time part as a Duration (months and days are not included). */
    public Duration time() {
        return Duration.ofNanos(Math.multiplyExact(micros, 1000L));
    }

    /** The month and day part as a Period. */
    public Period period() {
        return Period.of(months / 12, months % 12, days);
    }

    /** ISO 8601, as {@code IntervalStyle = iso_8601} prints it: {@code P1Y2M3DT4H5M6.5S}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("P");
        if (months / 12 != 0) {
            sb.append(months / 12).append('Y');
        }
        if (months % 12 != 0) {
            sb.append(months % 12).append('M');
        }
        if (days != 0) {
            sb.append(days).append('D');
        }
        if (micros != 0) {
            long hours = micros / 3_600_000_000L;
            long minutes = micros / 60_000_000L % 60;
            long rest = micros % 60_000_000L;
            sb.append('T');
            if (hours != 0) {
                sb.append(hours).append('H');
            }
            if (minutes != 0) {
                sb.append(minutes).append('M');
            }
            if (rest != 0) {
                sb.append(java.math.BigDecimal.valueOf(rest, 6).stripTrailingZeros().toPlainString()).append('S');
            }
        }
        return sb.length() == 1 ? "PT0S" : sb.toString();
    }
}
