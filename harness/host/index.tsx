import React from 'react';
import { createRoot } from 'react-dom/client';
import { createTheme, ThemeContext } from '@grafana/data';
import { GlobalStyles, PanelChrome } from '@grafana/ui';
import { installAmdLoader } from './amd';

installAmdLoader();
const theme = createTheme({ colors: { mode: 'dark' } });
createRoot(document.getElementById('root')!).render(
  <ThemeContext.Provider value={theme}>
    <GlobalStyles />
    <PanelChrome width={400} height={300} title="probe">
      {() => <div>hi</div>}
    </PanelChrome>
  </ThemeContext.Provider>
);
