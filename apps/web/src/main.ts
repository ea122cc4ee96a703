import * as Icons from '@element-plus/icons-vue';
import ElementPlus from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import 'element-plus/dist/index.css';
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router';
import './style.css';

const app = createApp(App);
app.use(ElementPlus, { locale: zhCn });
for (const [name, component] of Object.entries(Icons)) app.component(name, component);
app.use(router);
app.mount('#app');
