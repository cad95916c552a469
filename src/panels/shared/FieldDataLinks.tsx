import React, { type ReactElement } from 'react';
import { type Field } from '@grafana/data';
import { DataLinksContextMenu } from '@grafana/ui';

export interface FieldDataLinksProps {
  /** The field whose value is shown; its data links (from the field config) become the value's links. */
  field?: Field;
  row?: number;
  children: ReactElement;
}

/**
 * Makes a displayed value open the data links a user configured on its field, as Grafana's own stat panels
 * do: one link renders a real `<a>`, several open a menu. Without links the value renders as it is.
 * `getLinks` is installed by Grafana when it applies the field config; frames that never went through it
 * (tests, the screenshot harness) simply have no links.
 */
export function FieldDataLinks({ field, row = 0, children }: FieldDataLinksProps) {
  const getLinks = field?.getLinks;
  if (!getLinks || !field?.config.links?.length) {
    return children;
  }
  return (
    <DataLinksContextMenu links={() => getLinks({ valueRowIndex: row })}>
      {(api) => {
        if (api.triggerProps) {
          return (
            <span {...api.triggerProps} className={api.targetClassName}>
              {children}
            </span>
          );
        }
        // Grafana before 13.1 passes only openMenu.
        if (api.openMenu) {
          const open = api.openMenu;
          return (
            <span
              role="button"
              tabIndex={0}
              aria-haspopup="menu"
              className={api.targetClassName}
              onClick={(event) => open(event)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  open(event.currentTarget);
                }
              }}
            >
              {children}
            </span>
          );
        }
        return children;
      }}
    </DataLinksContextMenu>
  );
}
