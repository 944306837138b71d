import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme';
import BackendDemo from '../components/BackendDemo.vue';
import FactEditDemo from '../components/FactEditDemo.vue';
import MergeDemo from '../components/MergeDemo.vue';
import ModelDemo from '../components/ModelDemo.vue';
import TokenizerDemo from '../components/TokenizerDemo.vue';
import TrainingDemo from '../components/TrainingDemo.vue';
import './custom.css';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('BackendDemo', BackendDemo);
    app.component('FactEditDemo', FactEditDemo);
    app.component('MergeDemo', MergeDemo);
    app.component('ModelDemo', ModelDemo);
    app.component('TokenizerDemo', TokenizerDemo);
    app.component('TrainingDemo', TrainingDemo);
  },
} satisfies Theme;
