package dam.core.analytics;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * Where each aggregate lives. Per-day series are partitioned per brand and month ({@code AN#<brand>#<what>#<yyyy-mm>},
 * sort key {@code <yyyy-mm-dd>#…}) so a date range is one Query per month and no partition takes a brand's whole
 * history. Per-asset counts exist per day, per ISO week and per month, so a range reads whole months from the monthly
 * items, whole weeks from the weekly ones and at most 6 days at each end from the daily ones ({@link DayCover}).
 */
public final class AnalyticsKeys {

    public static final String ALL = "*";

    private AnalyticsKeys() {
    }

    /** Brands compare case-insensitively (as scopes do), so keys use the lower-cased name. */
    public static String brand(String brand) {
        return brand == null ? "-" : brand.strip().toLowerCase(Locale.ROOT);
    }

    /** Per asset per day: views, downloads, shares, placements. Sort key: asset id. */
    public static String useDay(String brand, LocalDate day) {
        return "AN#" + brand(brand) + "#USED#" + day;
    }

    /** Per asset per ISO week, Monday to Sunday (the same counters). Sort key: asset id. */
    public static String useWeek(String brand, LocalDate monday) {
        if (monday.getDayOfWeek() != DayOfWeek.MONDAY) {
            throw new IllegalArgumentException("a week starts on a Monday, not " + monday);
        }
        return "AN#" + brand(brand) + "#USEW#" + monday;
    }

    /** The Monday of the ISO week of {@code day}. */
    public static LocalDate weekOf(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** Per asset per month (the same counters). Sort key: asset id. */
    public static String useMonth(String brand, YearMonth month) {
        return "AN#" + brand(brand) + "#USEM#" + month;
    }

    /** Downloads per day by one dimension (user, team, channel). Sort key: {@code day#value}. */
    public static String downloads(String brand, String dimension, YearMonth month) {
        return "AN#" + brand(brand) + "#DL" + dimension + "#" + month;
    }

    /** The brand's assets (title, createdAt). Sort key: asset id. */
    public static String catalogue(String brand) {
        return "AN#" + brand(brand) + "#CAT";
    }

    /** Bytes and versions per brand, one partition for every brand. Sort key: brand. */
    public static final String STORAGE = "AN#STORAGE";

    /** When a brief first went to approval. */
    public static String briefSubmission(String briefId) {
        return "AN#BRIEF#" + briefId;
    }

    /** Approval cycles ended in a month. Sort key: {@code day#briefId}. */
    public static String cycles(String brand, YearMonth month) {
        return "AN#" + brand(brand) + "#CYCLE#" + month;
    }

    /** Approved versions with their rounds. Sort key: {@code day#assetId#v}. */
    public static String rounds(String brand, YearMonth month) {
        return "AN#" + brand(brand) + "#ROUNDS#" + month;
    }

    /** Reviewer decisions with their response time. Sort key: {@code day#factId}. */
    public static String responses(String brand, YearMonth month) {
        return "AN#" + brand(brand) + "#RESP#" + month;
    }

    /** Placements made in a month. Sort key: {@code day#assetId#factId}. */
    public static String placements(String brand, YearMonth month) {
        return "AN#" + brand(brand) + "#PLACE#" + month;
    }

    /** Searches per day (a search has no brand: one series for the library). Sort key: day. */
    public static String searches(YearMonth month) {
        return "AN#" + ALL + "#SEARCH#" + month;
    }
}
