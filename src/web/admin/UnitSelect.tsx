import { TreeSelect } from 'antd';
import { useT } from '../app/i18n';
import { useUnitTree } from './admin-data';

/** A unit picker over the units the administrator can see, searchable by name. Works as a Form.Item control. */
export function UnitSelect({ id, value, onChange, placeholder }: { id?: string; value?: string; onChange?: (v: string) => void; placeholder?: string }) {
  const t = useT();
  const { options, units } = useUnitTree();
  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={onChange}
      treeData={options}
      loading={units.isLoading}
      treeDefaultExpandAll
      showSearch={{ treeNodeFilterProp: 'title' }}
      placeholder={placeholder ?? t('选择单位', 'Choose a unit')}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
    />
  );
}
