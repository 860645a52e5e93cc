/**
 * ECharts' single-file ESM build (one file loads several times faster than
 * the hundreds of modules of `echarts/lib`), typed as the `echarts` package.
 */
declare module 'echarts/dist/echarts.esm.min.mjs' {
  export * from 'echarts';
}
