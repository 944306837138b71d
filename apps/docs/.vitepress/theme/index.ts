import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme';
import BackendDemo from '../components/BackendDemo.vue';
import './custom.css';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('BackendDemo', BackendDemo);
  },
} satisfies Theme;
