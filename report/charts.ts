import * as echarts from 'echarts';
import { AGE_BANDS, EDUCATION_LEVELS, GENDERS, type CommitteeProfile } from './profile';
import { percentText, type ChartKind } from './document';

const WIDTH = 480;
const HEIGHT = 280;
const COLOURS = ['#c23531', '#2f4554', '#61a0a8', '#d48265', '#91c7ae'];

/** An ECharts option rendered to an SVG string on the server: no browser, no network, no animation. */
function svgOf(option: echarts.EChartsOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  try {
    chart.setOption({ animation: false, color: COLOURS, textStyle: { fontFamily: 'sans-serif' }, ...option });
    return chart.renderToSVGString();
  } finally {
    // A chart left undisposed keeps a timer that holds the process open.
    chart.dispose();
  }
}

function barChart(labels: string[], counts: number[], name: string): string {
  return svgOf({
    grid: { left: 48, right: 24, top: 24, bottom: 56 },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, width: 100, overflow: 'break' } },
    yAxis: { type: 'value', minInterval: 1, name },
    series: [{ type: 'bar', data: counts, label: { show: true, position: 'top' }, barMaxWidth: 56 }],
  });
}

/** The chart of one breakdown of the new members, as inline SVG. */
export function chartSvg(kind: ChartKind, profile: CommitteeProfile): string {
  if (kind === 'age-bands') {
    return barChart(
      AGE_BANDS.map((b) => b.label),
      AGE_BANDS.map((b) => profile.ageBands.groups[b.key].count),
      'people',
    );
  }
  if (kind === 'education') {
    return barChart(
      EDUCATION_LEVELS.map((e) => e.label),
      EDUCATION_LEVELS.map((e) => profile.education.groups[e.key].count),
      'people',
    );
  }
  return svgOf({
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        // The shares in the labels are the report's own (one decimal), not the chart's recomputed ones.
        data: GENDERS.map((g) => ({
          name: g.label,
          value: profile.gender.groups[g.key].count,
          label: { formatter: `{b}: {c} (${percentText(profile.gender.groups[g.key])})` },
        })),
      },
    ],
  });
}
