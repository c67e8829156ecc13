// The playground page's entry: mounts the app. Styles are bundled separately (styles/app.css → app.css).

import { html, render } from 'htm/preact';
import { App } from './ui/app';

const root = document.getElementById('app');
if (root) render(html`<${App} />`, root);
