/**
 * The client page's trend charts: one figure per dimension (one for an overall-only client), each the
 * client's weekly mean beside the therapist's own ratings, with the same numbers as a table under it
 * for anyone who does not read the picture.
 */
import type { ComparisonChart, WeekValue } from "../../insights/chart/comparison-spec.js";
import type { SummaryWords } from "../../insights/render/summary-text.js";

/** A chart and its SVG; no SVG when it could not be drawn (the numbers are still shown). */
export interface DrawnChart {
  chart: ComparisonChart;
  svg: string | undefined;
}

function valueIn(values: WeekValue[], week: string, w: SummaryWords): string {
  const found = values.find((v) => v.weekStart === week);
  return found === undefined ? "–" : w.number(found.value);
}

function ChartFigure({ drawn, alias, w }: { drawn: DrawnChart; alias: string; w: SummaryWords }) {
  const { chart } = drawn;
  const label = w.t("web_client.chart_alt", { alias, dimension: chart.labels.title });
  return (
    <figure class="chart">
      {drawn.svg ? (
        // The one place markup is set unescaped: an SVG our own renderer drew (vega, headless: no
        // script, no style attributes) from numbers and Interlude's own labels; no word a client wrote
        // reaches it. role="img" makes it one labelled picture for assistive technology.
        <div role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: drawn.svg }} />
      ) : (
        <p class="muted">{w.t("web_client.chart_unavailable", { dimension: chart.labels.title })}</p>
      )}
      <figcaption>
        <details>
          <summary>{w.t("web_client.chart_numbers", { dimension: chart.labels.title })}</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">{chart.labels.weekAxis}</th>
                <th scope="col">{chart.labels.client}</th>
                <th scope="col">{chart.labels.therapist}</th>
              </tr>
            </thead>
            <tbody>
              {chart.weeks.map((week) => (
                <tr key={week}>
                  <th scope="row">{week}</th>
                  <td>{valueIn(chart.client, week, w)}</td>
                  <td>{valueIn(chart.therapist, week, w)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figcaption>
    </figure>
  );
}

export function TrendCharts(props: { charts: DrawnChart[]; alias: string; w: SummaryWords; rated: boolean }) {
  const { w } = props;
  const overallOnly = props.charts.length === 1 && props.charts[0]?.chart.series === "overall";
  return (
    <section aria-labelledby="trends">
      <h2 id="trends">{w.t("web_client.trends_heading")}</h2>
      <p>{w.t(overallOnly ? "web_client.trends_intro_overall" : "web_client.trends_intro")}</p>
      {props.rated ? null : <p class="muted">{w.t("web_client.trends_no_ratings")}</p>}
      <div class="charts">
        {props.charts.map((drawn) => (
          <ChartFigure key={drawn.chart.series} drawn={drawn} alias={props.alias} w={w} />
        ))}
      </div>
    </section>
  );
}
